package io.dorisops;

import java.util.List;

/** Something that must hold before an action does not: pre-flight checks, a guard, a refused change. */
public class PreconditionFailedException extends DorisOpsException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> failures;

    /** @param failures one sentence per failed check, each naming the check and the node */
    public PreconditionFailedException(String summary, List<String> failures) {
        super(render(summary, failures));
        this.failures = List.copyOf(failures);
    }

    /** Every failed check. */
    public List<String> failures() {
        return failures;
    }

    private static String render(String summary, List<String> failures) {
        StringBuilder text = new StringBuilder(summary);
        for (String failure : failures) {
            text.append("\n  - ").append(failure);
        }
        return text.toString();
    }
}
