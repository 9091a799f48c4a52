package io.dorisops;

/**
 * The root of every exception dorisops throws. Messages name the node, what was expected, what was
 * seen, and what to do next; they never contain secrets.
 */
public class DorisOpsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DorisOpsException(String message) {
        super(message);
    }

    public DorisOpsException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Builds the one message shape every failure uses: {@code <subject>: <what happened>; expected
     * <expected>, last seen <seen>. <next step>}. Parts that are empty are left out.
     */
    public static String message(String subject, String what, String expected, String seen, String next) {
        StringBuilder text = new StringBuilder(subject).append(": ").append(what);
        if (!expected.isEmpty() || !seen.isEmpty()) {
            text.append(';');
            if (!expected.isEmpty()) {
                text.append(" expected ").append(expected);
            }
            if (!seen.isEmpty()) {
                text.append(expected.isEmpty() ? " last seen " : ", last seen ").append(seen);
            }
        }
        text.append('.');
        if (!next.isEmpty()) {
            text.append(' ').append(next);
        }
        return text.toString();
    }
}
