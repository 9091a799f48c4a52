package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.testkit.internal.node.FeNode.BeRuntime;
import java.io.IOException;

/**
 * The master FE's heartbeat to every backend, every heartbeat interval: records what each answers
 * (version, start time, ports, role, running fragments, a graceful stop) or why it failed. A StarRocks
 * backend in its graceful stop answers SHUTDOWN and the FE counts it not alive (StarRocks #46652: "FE can know
 * the BE is in shutdown, and bring it to alive=false status"); a Doris one stays alive, marked stopping
 * (apache/doris#23865). A backend that returns keeps the versions its
 * replicas had: what it missed is in the catalog ({@link Loads}), and only the scheduler's clones fill it.
 */
final class BackendHeartbeats {
    private final FeNode fe;

    BackendHeartbeats(FeNode fe) {
        this.fe = fe;
    }

    /** One round; synchronized, as a new master runs one out of turn. */
    synchronized void run() {
        if (!fe.isMaster()) {
            return;
        }
        Catalog current = fe.snapshot();
        for (Catalog.Be be : current.backends) {
            BeRuntime runtime = fe.beRuntime.computeIfAbsent(be.id, id -> new BeRuntime());
            try {
                String answer = Peer.call(be.host, be.heartbeatPort, "HEARTBEAT " + current.clusterId, 500);
                if (answer.startsWith("OK ")) {
                    String[] parts = answer.split(" ");
                    runtime.stopping = parts.length > 8 && Boolean.parseBoolean(parts[8]);
                    runtime.runningFragments = parts.length > 7 ? Integer.parseInt(parts[7]) : 0;
                    runtime.alive = !(runtime.stopping && fe.ctx.flavor == Flavor.STARROCKS);
                    runtime.lastHeartbeat = System.currentTimeMillis();
                    runtime.version = parts[1];
                    runtime.lastStartTime = Long.parseLong(parts[2]);
                    runtime.bePort = Integer.parseInt(parts[3]);
                    runtime.httpPort = Integer.parseInt(parts[4]);
                    runtime.brpcPort = Integer.parseInt(parts[5]);
                    runtime.nodeRole = parts[6];
                    runtime.errMsg = "";
                    runtime.failures = 0;
                } else {
                    fail(runtime, answer.startsWith("ERR ") ? answer.substring(4) : answer);
                }
            } catch (IOException e) {
                fail(runtime, e.getClass().getName() + ": " + e.getMessage());
            }
        }
        fe.beRuntime.keySet().removeIf(id -> current.backends.stream().noneMatch(be -> be.id == id));
    }

    private static void fail(BeRuntime runtime, String message) {
        runtime.alive = false;
        runtime.stopping = false;
        runtime.runningFragments = 0;
        runtime.failures++;
        runtime.errMsg = message;
    }
}
