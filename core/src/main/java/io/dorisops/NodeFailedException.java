package io.dorisops;

/** An action on one node failed: a start, a stop, a deploy, a membership change. */
public class NodeFailedException extends DorisOpsException {
    private static final long serialVersionUID = 1L;

    private final String nodeId;
    private final String step;

    /**
     * @param nodeId the node's id
     * @param step the action that failed, e.g. {@code start}
     * @param message built with {@link DorisOpsException#message}
     */
    public NodeFailedException(String nodeId, String step, String message, Throwable cause) {
        super(message, cause);
        this.nodeId = nodeId;
        this.step = step;
    }

    public NodeFailedException(String nodeId, String step, String message) {
        this(nodeId, step, message, null);
    }

    /** The id of the node the action failed on. */
    public String nodeId() {
        return nodeId;
    }

    /** The action that failed. */
    public String step() {
        return step;
    }
}
