package io.dorisops;

import java.util.List;

/** A topology has problems; every problem is listed at once, each naming the file, node and field. */
public class InvalidTopologyException extends DorisOpsException {
    private static final long serialVersionUID = 1L;

    /**
     * One problem in a topology.
     *
     * @param file the file the topology was read from, or {@code <memory>}
     * @param node the node id, or empty for a cluster-wide field
     * @param field the field path, e.g. {@code ports.queryPort}
     * @param message what is wrong and what to do
     */
    public record Problem(String file, String node, String field, String message) {
        @Override
        public String toString() {
            return file + ": " + (node.isEmpty() ? "" : "node " + node + ": ") + (field.isEmpty() ? "" : field + ": ")
                    + message;
        }
    }

    private final transient List<Problem> problems;

    public InvalidTopologyException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        StringBuilder text = new StringBuilder("invalid topology, ")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem:" : " problems:");
        for (Problem problem : problems) {
            text.append("\n  - ").append(problem);
        }
        return text.toString();
    }
}
