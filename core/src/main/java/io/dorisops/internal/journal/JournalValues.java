package io.dorisops.internal.journal;

import io.dorisops.internal.Excerpt;
import io.dorisops.internal.HostNames;
import io.dorisops.internal.RemotePaths;
import io.dorisops.internal.Stamps;
import java.util.regex.Pattern;

/**
 * The checks of every value a journal feeds back into an action or a message, applied when it is read:
 * a journal is a file anyone with access to the state directory can edit, so a value there is outside
 * input like a topology's. Each check throws {@link IllegalArgumentException} naming the field and
 * quoting the value ({@link Excerpt}); the reader reports the line or refuses the file, never acts on
 * it.
 */
final class JournalValues {

    /** A node id, as {@code Node} and the topology reader accept it; also a pod name. */
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A run id: the kind, the stamp and any suffix; never a path. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    /** A word: an outcome, a component, a switch value. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A container image reference ({@code registry/repo:tag@sha256:...}). */
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}");

    private JournalValues() {}

    static String nodeId(String field, String value) {
        return matching(field, value, NODE_ID, "a node id");
    }

    /** A step's node: a node id, or empty for a cluster-wide step. */
    static String stepNode(String value) {
        return value.isEmpty() ? value : nodeId("node", value);
    }

    /** A step's host: a host name or IP literal, or empty for a cluster-wide step. */
    static String host(String value) {
        if (!value.isEmpty() && !HostNames.isValid(value)) {
            throw new IllegalArgumentException("host " + Excerpt.quote(value) + " is no host name or IP address");
        }
        return value;
    }

    static String runId(String field, String value) {
        return matching(field, value, RUN_ID, "a run id");
    }

    /** @throws IllegalArgumentException when the stamp is not {@code yyyyMMdd_HHmmss} (it names backup directories) */
    static String stamp(String value) {
        return Stamps.requireValid(value);
    }

    static String word(String field, String value) {
        return matching(field, value, WORD, "a plain word");
    }

    static String image(String value) {
        return matching("image", value, IMAGE, "an image reference");
    }

    /** A package on this machine: its file name reaches the hosts' shells as an upload's name. */
    static String packageFile(String value) {
        int slash = value.lastIndexOf('/');
        String name = value.substring(slash + 1);
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || name.isEmpty()
                || RemotePaths.problem("/" + name).isPresent()) {
            throw new IllegalArgumentException("package " + Excerpt.quote(value)
                    + " is no release tarball's path (its file name may hold only A-Z a-z 0-9 . _ - + @ % = : ,)");
        }
        return value;
    }

    /** Text only shown to people (a user, a machine): no control characters that could rewrite a terminal. */
    static String shown(String field, String value) {
        if (value.length() > 256 || !Excerpt.escape(value).equals(value)) {
            throw new IllegalArgumentException(
                    field + " " + Excerpt.quote(value) + " holds control characters or is longer than 256 characters");
        }
        return value;
    }

    private static String matching(String field, String value, Pattern pattern, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " " + Excerpt.quote(value) + " is not " + what);
        }
        return value;
    }
}
