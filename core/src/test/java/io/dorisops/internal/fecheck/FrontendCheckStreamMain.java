package io.dorisops.internal.fecheck;

import io.dorisops.LocalTransport;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Streams a meta dir from one local "host" to another, for {@link FrontendCheckStreamTest} to run in a
 * JVM with a small heap: {@code FrontendCheckStreamMain META COPY}. Prints the heap it ran with.
 */
public final class FrontendCheckStreamMain {

    private FrontendCheckStreamMain() {}

    public static void main(String[] args) {
        Duration timeout = Duration.ofMinutes(5);
        FrontendCheckHost.streamMeta(
                new FrontendCheckHost(new LocalTransport("master-host"), timeout),
                "master fe-1 (master-host)",
                Path.of(args[0]),
                new FrontendCheckHost(new LocalTransport("check-host"), timeout),
                Path.of(args[1]));
        System.out.println("streamed; max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
    }
}
