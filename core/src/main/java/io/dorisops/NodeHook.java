package io.dorisops;

/**
 * Code of the user's that runs around each node of an upgrade: before it is stopped and after it is
 * ready at the target version. A hook vetoes by throwing {@link Veto}: the engine stops cleanly
 * (balance switches restored, the journal records the veto) and the run can be resumed later.
 *
 * <pre>{@code
 * NodeHook drain = new NodeHook() {
 *     public void beforeStop(Node node) { loadBalancer.drain(node.host()); }
 *     public void afterReady(Node node) { loadBalancer.enable(node.host()); }
 * };
 * }</pre>
 */
public interface NodeHook {

    /** Runs before the node is stopped. */
    default void beforeStop(Node node) {}

    /** Runs after the node is ready at the target version. */
    default void afterReady(Node node) {}

    /** Thrown by a hook to stop the run cleanly. */
    final class Veto extends DorisOpsException {
        private static final long serialVersionUID = 1L;

        public Veto(String reason) {
            super(reason);
        }
    }
}
