package io.dorisops.testkit;

import io.dorisops.Health;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.spi.BinaryStore;
import io.dorisops.spi.HealthProbe;
import io.dorisops.spi.PackageFile;
import io.dorisops.spi.ProcessControl;
import io.dorisops.spi.RunMarker;
import io.dorisops.testkit.FakeCluster.FakeNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The node side of a {@link FakeCluster}: its process control, binary store, run marker and health probe,
 * each action logged on the cluster. Every method holds the cluster's lock.
 */
final class FakeNodes implements ProcessControl, BinaryStore, RunMarker, HealthProbe {

    private final FakeCluster cluster;

    FakeNodes(FakeCluster cluster) {
        this.cluster = cluster;
    }

    private record Mark(boolean running) implements StartMark {}

    // ---------------------------------------------------------------- process control

    @Override
    public boolean running(Node node) {
        synchronized (cluster) {
            return cluster.node(node.id()).running;
        }
    }

    @Override
    public StartMark mark(Node node) {
        return new Mark(running(node));
    }

    @Override
    public boolean start(Node node, List<String> args) {
        synchronized (cluster) {
            FakeNode fake = cluster.node(node.id());
            if (fake.running) {
                return false;
            }
            cluster.act("start", node);
            if (fake.failingStarts > 0) {
                fake.failingStarts--;
                return true; // started, and died at once
            }
            fake.running = true;
            fake.runningVersion = fake.bin;
            fake.servesFrom = fake.hangs ? Instant.MAX : cluster.time.instant().plus(fake.startDelay);
            if (cluster.master.isEmpty() && node.role() == Role.FE_FOLLOWER) {
                cluster.master = node.id();
            }
            return true;
        }
    }

    @Override
    public boolean stop(Node node, boolean graceful, Duration timeout, Consumer<String> waiting) {
        synchronized (cluster) {
            FakeNode fake = cluster.node(node.id());
            if (!fake.running) {
                return false;
            }
            cluster.act("stop", node).running = false;
            cluster.electIfMasterStopped(node.id());
            return true;
        }
    }

    @Override
    public Optional<String> startFailure(Node node, StartMark mark, Duration sinceStart) {
        return running(node) ? Optional.empty() : Optional.of("the process in its pid file has exited");
    }

    @Override
    public Optional<String> fatalLogLine(Node node, StartMark mark) {
        return Optional.empty();
    }

    @Override
    public String logTail(Node node) {
        return "last lines of " + node.id() + ".log:\n  | (fake cluster: no log)";
    }

    // ---------------------------------------------------------------- binary store

    @Override
    public void stage(Node node, PackageFile pkg, String stamp) {
        synchronized (cluster) {
            cluster.act("stage", node).staged.put(stamp, pkg.version());
        }
    }

    @Override
    public void backup(Node node, String stamp) {
        synchronized (cluster) {
            FakeNode fake = cluster.act("backup", node);
            fake.backups.putIfAbsent(stamp, fake.bin);
        }
    }

    @Override
    public boolean hasBackup(Node node, String stamp) {
        synchronized (cluster) {
            return cluster.node(node.id()).backups.containsKey(stamp);
        }
    }

    @Override
    public void deploy(Node node, String stamp) {
        synchronized (cluster) {
            FakeNode fake = cluster.act("deploy", node);
            Version staged = fake.staged.get(stamp);
            if (staged == null) {
                throw new NodeFailedException(node.id(), "deploy", node.id() + ": nothing staged for " + stamp);
            }
            fake.bin = staged;
        }
    }

    @Override
    public boolean restore(Node node, String stamp) {
        synchronized (cluster) {
            FakeNode fake = cluster.act("restore", node);
            Version backup = fake.backups.remove(stamp);
            if (backup == null) {
                return false;
            }
            fake.bin = backup;
            return true;
        }
    }

    @Override
    public void pruneStaged(Node node, int keep) {
        cluster.act("prune", node);
    }

    @Override
    public void setAsideStorage(Node node, String stamp) {
        cluster.act("set-aside-storage", node);
    }

    @Override
    public Optional<Version> reportedVersion(Node node) {
        return Optional.empty();
    }

    @Override
    public long freeKilobytes(Node node) {
        return Long.MAX_VALUE / 2;
    }

    // ---------------------------------------------------------------- run marker

    @Override
    public Optional<String> claim(Node node, String runId, String holder, String takeOver) {
        synchronized (cluster) {
            String marker = cluster.markers.get(node.host());
            if (marker == null
                    || marker.startsWith(runId + " ")
                    || (!takeOver.isEmpty() && marker.startsWith(takeOver + " "))) {
                cluster.markers.put(node.host(), runId + " " + holder);
                return Optional.empty();
            }
            return Optional.of(marker);
        }
    }

    @Override
    public void release(Node node, String runId) {
        synchronized (cluster) {
            cluster.markers.computeIfPresent(
                    node.host(), (host, marker) -> marker.startsWith(runId + " ") ? null : marker);
        }
    }

    @Override
    public List<Node> markerNodes(List<Node> frontends) {
        return frontends;
    }

    @Override
    public String markerLocation(Node node) {
        return node.home() + "/.dorisops/run.lock on " + node.host() + " (fake)";
    }

    // ---------------------------------------------------------------- health probe

    @Override
    public Health probe(Node node) {
        synchronized (cluster) {
            FakeNode fake = cluster.node(node.id());
            if (cluster.serving(fake)) {
                return new Health(
                        node.id(), Health.Status.READY, "fake", Duration.ZERO, Optional.of(fake.runningVersion));
            }
            return fake.running
                    ? new Health(node.id(), Health.Status.STARTING, "starting", Duration.ZERO, Optional.empty())
                    : new Health(node.id(), Health.Status.DOWN, "not running", Duration.ZERO, Optional.empty());
        }
    }
}
