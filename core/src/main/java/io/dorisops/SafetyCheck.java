package io.dorisops;

import io.dorisops.spi.ClusterAdmin;

/**
 * A named condition the upgrade engine evaluates before it restarts a node. When it fails the engine
 * waits (polling, within the ready timeout) and reports the check's name and reason in {@link
 * ProgressEvent.Type#WAITING} events, so "why is the upgrade not moving" always has an answer.
 *
 * <p>The built-in checks are {@code previous-node-ready}, {@code fe-quorum-after-stop}, {@code
 * no-unhealthy-tablets} and {@code master-last}; add your own with {@code
 * RunOptions.builder().check(...)}. Yours are per-node gates of the rolling procedures (upgrade,
 * restart, rollback), evaluated after the built-in ones and forced by their names.
 *
 * <pre>{@code
 * SafetyCheck quietHours = SafetyCheck.of("quiet-hours", (cluster, node) ->
 *         LocalTime.now().getHour() < 6 ? Optional.empty() : Optional.of("only between 00:00 and 06:00"));
 * }</pre>
 */
public interface SafetyCheck {

    /** The check's name, as it appears in events and in {@code --force}. */
    String name();

    /**
     * Evaluates the check before {@code next} is restarted.
     *
     * @param admin the cluster's SQL control plane, to read membership and tablets; never null: without
     *     one (no {@code sql} in the topology) every method throws {@link UnsupportedOperationException},
     *     which stops the run before {@code next} is touched, naming the check
     * @return empty when the node may go ahead, else why not
     */
    java.util.Optional<String> evaluate(ClusterAdmin admin, Node next);

    /** A check from a name and a function. */
    static SafetyCheck of(
            String name, java.util.function.BiFunction<ClusterAdmin, Node, java.util.Optional<String>> rule) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(rule, "rule");
        return new SafetyCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public java.util.Optional<String> evaluate(ClusterAdmin admin, Node next) {
                return rule.apply(admin, next);
            }
        };
    }
}
