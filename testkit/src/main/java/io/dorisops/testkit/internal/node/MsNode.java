package io.dorisops.testkit.internal.node;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * A simulated Doris MetaService or Recycler: listens on {@code brpc_listen_port} and prints {@code
 * successfully started brpc} to {@code log/doris_cloud.out}, which {@code bin/start.sh} waits for.
 */
final class MsNode {
    private final NodeContext ctx;
    private final boolean recycler;

    MsNode(NodeContext ctx, boolean recycler) {
        this.ctx = ctx;
        this.recycler = recycler;
    }

    void run() throws IOException, InterruptedException {
        ctx.begin(ctx.flavor.pidFile(ctx.role), false);
        ServerSocket brpc = ctx.bind("brpc_listen_port", ctx.port("brpc_listen_port"));
        ctx.startupDelay();
        Peer.acceptAndClose(brpc, "brpc");
        ctx.info("build version: " + ctx.version + (recycler ? ", recycler" : ", meta-service") + " started");
        ctx.info("successfully started brpc listening on port=" + ctx.port("brpc_listen_port"));
        Thread.currentThread().join();
    }
}
