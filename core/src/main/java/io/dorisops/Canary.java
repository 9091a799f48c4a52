package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * The BE canary of an upgrade (the runbooks' "测试BE升级的正确性"): one BE is upgraded first and watched
 * for a soak time (alive at the target in the master's view, its process up, no new unhealthy tablets,
 * no fatal line in {@code be.INFO}/{@code be.out}) before the other BEs; a canary that fails is put back
 * on the old version and the run stops. By default ({@link #auto()}) it runs for a change of minor or
 * major version, on the BE with the fewest tablets, for 5 minutes.
 *
 * <pre>{@code
 * Procedure.Upgrade upgrade = Procedure.upgrade(pkg)
 *         .canary(Canary.on(Duration.ofMinutes(15)).node("be-3"));
 * }</pre>
 *
 * @param mode when the canary runs
 * @param node the BE to upgrade first; empty = the one with the fewest tablets
 * @param soak how long the canary is watched
 */
public record Canary(Mode mode, Optional<String> node, Duration soak) {

    /** The default soak time. */
    public static final Duration DEFAULT_SOAK = Duration.ofMinutes(5);

    /** When the canary runs. */
    public enum Mode {
        /** For a change of minor or major version (the default). */
        AUTO,
        /** For every upgrade with more than one BE. */
        ON,
        /** Never. */
        OFF
    }

    public Canary {
        requireNonNull(mode, "mode");
        requireNonNull(node, "node");
        Durations.positive("soak", soak);
    }

    /** The default: a canary for a change of minor or major version, fewest tablets, 5 minutes. */
    public static Canary auto() {
        return new Canary(Mode.AUTO, Optional.empty(), DEFAULT_SOAK);
    }

    /** A canary for every upgrade, watched for {@code soak}. */
    public static Canary on(Duration soak) {
        return new Canary(Mode.ON, Optional.empty(), soak);
    }

    /** No canary. */
    public static Canary off() {
        return new Canary(Mode.OFF, Optional.empty(), DEFAULT_SOAK);
    }

    /** This canary on a named BE. */
    public Canary node(String id) {
        return new Canary(mode, Optional.of(requireNonNull(id, "id")), soak);
    }

    /** This canary with another soak time. */
    public Canary soak(Duration time) {
        return new Canary(mode, node, time);
    }

    /** True when an upgrade from {@code from} to {@code target} gets a canary. */
    public boolean appliesTo(Version from, Version target) {
        return switch (mode) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> !from.sameSeries(target);
        };
    }
}
