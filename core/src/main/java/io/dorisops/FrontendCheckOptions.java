package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the FE metadata compatibility check runs ({@code Cluster.checkFrontendUpgrade}): where the test
 * FE runs, where its scratch home goes, how long it may take to load the copied meta, the test cluster
 * id, the ports it may take, and who hears of its package upload to another machine. Made with {@link #builder()}; an option added later breaks no caller. Defaults: this machine, a new directory in the host's temp dir,
 * 5 minutes, cluster id {@code 123456} (the runbooks'), ports from 18000 to 18999, the scratch copy
 * deleted after a pass.
 *
 * <pre>{@code
 * FrontendCheckOptions options = FrontendCheckOptions.builder()
 *         .host("10.0.0.99")          // a spare machine, reached like the cluster's hosts
 *         .timeout(Duration.ofMinutes(20))
 *         .keep(true)
 *         .build();
 * }</pre>
 */
public final class FrontendCheckOptions {

    /** The runbooks' test cluster id. */
    public static final int TEST_CLUSTER_ID = 123456;

    private final Optional<String> host;
    private final Optional<Path> workDir;
    private final boolean keep;
    private final Duration timeout;
    private final int clusterId;
    private final int firstPort;
    private final int lastPort;
    private final ProgressListener listener;

    private FrontendCheckOptions(
            Optional<String> host,
            Optional<Path> workDir,
            boolean keep,
            Duration timeout,
            int clusterId,
            int firstPort,
            int lastPort,
            ProgressListener listener) {
        requireNonNull(host, "host");
        requireNonNull(listener, "listener");
        requireNonNull(workDir, "workDir");
        Durations.positive("timeout", timeout);
        if (clusterId <= 0) {
            throw new IllegalArgumentException("clusterId must be a positive number, was " + clusterId);
        }
        if (firstPort < 1024 || lastPort > 65535 || firstPort > lastPort) {
            throw new IllegalArgumentException(
                    "ports must be a range within 1024-65535, was " + firstPort + "-" + lastPort);
        }
        workDir.ifPresent(dir -> {
            if (!dir.isAbsolute()) {
                throw new IllegalArgumentException("workDir must be an absolute path, was " + dir);
            }
        });
        this.host = host;
        this.workDir = workDir;
        this.keep = keep;
        this.timeout = timeout;
        this.clusterId = clusterId;
        this.firstPort = firstPort;
        this.lastPort = lastPort;
        this.listener = listener;
    }

    /** The host the test FE runs on; empty = this machine. */
    public Optional<String> host() {
        return host;
    }

    /** The directory on that host the test FE's home {@code dorisops-fe-check-<stamp>} is made in (it must lie outside every live home); empty = the host's temp dir. */
    public Optional<Path> workDir() {
        return workDir;
    }

    /** Keep the scratch copy after a pass (it is always kept after a failure). */
    public boolean keep() {
        return keep;
    }

    /** How long the test FE may take to load the image and replay the journal. */
    public Duration timeout() {
        return timeout;
    }

    /** The cluster id of the test FE, different from the live one. */
    public int clusterId() {
        return clusterId;
    }

    /** The lowest port the test FE may take. */
    public int firstPort() {
        return firstPort;
    }

    /** The highest port the test FE may take. */
    public int lastPort() {
        return lastPort;
    }

    /**
     * Who hears of the package's upload to a test host on another machine ({@code TRANSFER} events of the
     * node {@code fe-check}) when the check runs alone; in an upgrade's pre-flight the run's listener does.
     */
    public ProgressListener listener() {
        return listener;
    }

    /** The defaults. */
    public static FrontendCheckOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.host = host;
        builder.workDir = workDir;
        builder.keep = keep;
        builder.timeout = timeout;
        builder.clusterId = clusterId;
        builder.firstPort = firstPort;
        builder.lastPort = lastPort;
        builder.listener = listener;
        return builder;
    }

    /** Builds {@link FrontendCheckOptions}; {@link #build()} validates. */
    public static final class Builder {
        private Optional<String> host = Optional.empty();
        private Optional<Path> workDir = Optional.empty();
        private boolean keep;
        private Duration timeout = Duration.ofMinutes(5);
        private int clusterId = TEST_CLUSTER_ID;
        private int firstPort = 18000;
        private int lastPort = 18999;
        private ProgressListener listener = ProgressListener.NONE;

        private Builder() {}

        /** The host the test FE runs on (reached through the topology's transports); default this machine. */
        public Builder host(String host) {
            this.host = Optional.of(requireNonNull(host, "host"));
            return this;
        }

        /** Where the test FE's home is made; default the host's temp dir. */
        public Builder workDir(Path dir) {
            this.workDir = Optional.of(requireNonNull(dir, "workDir"));
            return this;
        }

        /** Keep the scratch copy after a pass; default false. */
        public Builder keep(boolean keep) {
            this.keep = keep;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Durations.positive("timeout", timeout);
            return this;
        }

        public Builder clusterId(int clusterId) {
            this.clusterId = clusterId;
            return this;
        }

        /** The ports the test FE may take, inclusive; default 18000-18999. */
        public Builder ports(int first, int last) {
            this.firstPort = first;
            this.lastPort = last;
            return this;
        }

        /** Who hears of the package's upload to another machine when the check runs alone; default nobody. */
        public Builder listener(ProgressListener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is wrong */
        public FrontendCheckOptions build() {
            return new FrontendCheckOptions(host, workDir, keep, timeout, clusterId, firstPort, lastPort, listener);
        }
    }
}
