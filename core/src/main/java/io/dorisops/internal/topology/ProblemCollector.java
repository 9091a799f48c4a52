package io.dorisops.internal.topology;

import io.dorisops.InvalidTopologyException;
import io.dorisops.InvalidTopologyException.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found while reading one topology, in the order found: at most {@link #MAX_PROBLEMS}
 * are listed, the rest are counted in a last "... and N more problems" entry. Every section reader
 * reports here, so that one {@link InvalidTopologyException} lists them all.
 */
final class ProblemCollector implements NodeConfigReader.Problems {

    /** Problems listed at most; the rest are counted. */
    static final int MAX_PROBLEMS = 50;

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    private int dropped;

    ProblemCollector(String file) {
        this.file = file;
    }

    /** The topology's source name, as every problem names it. */
    String file() {
        return file;
    }

    @Override
    public void add(String node, String field, String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(file, node, field, message));
            return;
        }
        dropped++;
        Problem more = new Problem(file, "", "", "... and " + dropped + " more problems; fix these and validate again");
        if (problems.size() == MAX_PROBLEMS) {
            problems.add(more);
        } else {
            problems.set(MAX_PROBLEMS, more);
        }
    }

    /** How many problems are listed so far: a reader compares it before and after a part. */
    int size() {
        return problems.size();
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws every problem found so far, if there is any. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidTopologyException(problems);
        }
    }

    /** One problem that stops the reading at once (unreadable, too large, not YAML). */
    static InvalidTopologyException single(String source, String message) {
        return new InvalidTopologyException(List.of(new Problem(source, "", "", message)));
    }
}
