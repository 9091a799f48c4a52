package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A backend's running query fragments and its graceful stop, as the real BE runs it on its stop script's
 * graceful signal (SIGTERM: Doris {@code stop_be.sh --grace}, StarRocks {@code stop_be.sh -g} and {@code
 * stop_cn.sh -g}); {@code docs/drain.md} has the sources:
 *
 * <ol>
 *   <li>It marks itself stopping. Its heartbeat answers say so and the master plans no new query fragment
 *       on it (apache/doris#23865: "During this period, FE will not send any queries to BE"; StarRocks
 *       #8726: "FE won't dispatch new fragments to BE exiting", shown as {@code StatusCode} {@code SHUTDOWN}
 *       and {@code Alive=false}, StarRocks #46652). A Doris BE with apache/doris#56601 (3.1.3 and later [U:
 *       the first patch release]) answers {@code /api/health} with HTTP 200 {@code {"status": "Server is not
 *       available","msg": "Server is shutting down"}}. Fragments that still arrive are run.
 *   <li>It waits while fragments run, up to its grace: Doris {@code ExecEnv::wait_for_all_tasks_done} polls
 *       {@code running_query_num()} every second up to {@code grace_shutdown_wait_seconds} (be.conf, default
 *       120), logging {@code There are still N queries running, waiting...}; StarRocks {@code
 *       wait_for_fragments_finish} waits {@code loop_count_wait_fragments_finish} rounds of 10 s (be.conf,
 *       default 0 before 3.4, 2 since: StarRocks #56002). Here the count is polled every 100 ms.
 *   <li>It exits; what still runs fails.
 * </ol>
 *
 * <p>A Doris BE before 2.0.2 has no such wait (#23865 reached master on 2023-09-04; the 2.0 docs list {@code
 * grace_shutdown_wait_seconds}, the first 2.0 patch with it is taken to be 2.0.2 [U]): SIGTERM ends it at
 * once, as the JVM's own handler does here.
 */
final class BackendShutdown {
    private static final Version DORIS_GRACE_WAIT = Version.of(2, 0, 2);
    private static final Version DORIS_HEALTH_BODY = Version.of(3, 1, 3);
    private static final Version STARROCKS_WAIT_BY_DEFAULT = Version.of(3, 4, 0);

    private final NodeContext ctx;
    private final Version version;
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean stopping;

    BackendShutdown(NodeContext ctx) {
        this.ctx = ctx;
        this.version = Version.parse(ctx.version);
    }

    /** Installs the graceful stop on SIGTERM, where the version has one. */
    void install() {
        if (ctx.flavor == Flavor.STARROCKS || atLeast(version, DORIS_GRACE_WAIT)) {
            ctx.onSignal("TERM", this::stopGracefully);
        }
    }

    /**
     * True when the release number is {@code release} or later, whatever its qualifier: a node's version
     * reads like {@code doris-3.1.3-rc01-3857255}, which orders before {@code 3.1.3} as a candidate.
     */
    static boolean atLeast(Version version, Version release) {
        return Version.of(version.major(), version.minor(), version.patch()).compareTo(release) >= 0;
    }

    /** True when this Doris FE shows {@code isShutdown} in {@code SHOW BACKENDS} {@code Status} (apache/doris#56601). */
    static boolean showsShutdownStatus(Flavor flavor, Version feVersion) {
        return flavor == Flavor.DORIS && atLeast(feVersion, DORIS_HEALTH_BODY);
    }

    /** Runs one query fragment, counted while it runs. */
    <T> T fragment(Supplier<T> work) {
        running.incrementAndGet();
        try {
            return work.get();
        } finally {
            running.decrementAndGet();
        }
    }

    /** The fragments running now: Doris {@code doris_be_fragment_instance_count}, StarRocks {@code NumRunningQueries}. */
    int running() {
        return running.get();
    }

    /** True once a graceful stop began. */
    boolean stopping() {
        return stopping;
    }

    /** The {@code /api/health} body: the Doris one of apache/doris#56601 while stopping, else the fixed one. */
    String healthBody() {
        if (stopping && ctx.flavor == Flavor.DORIS && atLeast(version, DORIS_HEALTH_BODY)) {
            return "{\"status\": \"Server is not available\",\"msg\": \"Server is shutting down\"}";
        }
        return "{\"status\": \"OK\",\"msg\": \"To Be Added\"}";
    }

    /** The longest wait for running fragments, in milliseconds, from the version and be.conf. */
    long graceMillis() {
        if (ctx.flavor == Flavor.DORIS) {
            return seconds("grace_shutdown_wait_seconds", 120) * 1000;
        }
        long rounds = seconds("loop_count_wait_fragments_finish", atLeast(version, STARROCKS_WAIT_BY_DEFAULT) ? 2 : 0);
        return rounds * 10_000;
    }

    private long seconds(String key, long defaultValue) {
        String value = ctx.conf.get(key);
        return value == null || !value.matches("\\d{1,9}") ? defaultValue : Long.parseLong(value);
    }

    private void stopGracefully() {
        stopping = true;
        long grace = graceMillis();
        long start = System.currentTimeMillis();
        long logged = -1;
        while (running.get() > 0) {
            long waited = System.currentTimeMillis() - start;
            if (waited >= grace) {
                ctx.info("There are still " + running.get() + " queries running, but " + waited / 1000
                        + " seconds passed, has to exist now");
                break;
            }
            if (waited / 1000 != logged) {
                logged = waited / 1000;
                ctx.info("There are still " + running.get() + " queries running, waiting...");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.exit(0);
    }
}
