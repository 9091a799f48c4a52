package io.dorisops.testkit.internal.s3;

import io.dorisops.testkit.internal.Lease;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * The sandbox S3 server's process: a watchdog that exits once the sandbox's owner JVM is gone ({@link
 * Lease}, as every node does), then S3Proxy's own {@code main} with the remaining arguments. Arguments:
 * the sandbox directory, then S3Proxy's ({@code --properties FILE}).
 */
public final class S3ServerMain {
    private S3ServerMain() {}

    /** Runs the server until the owner of the sandbox in {@code args[0]} is gone or the process is killed. */
    public static void main(String[] args) throws Exception {
        Path sandboxDir = Path.of(args[0]);
        Thread watchdog = new Thread(
                () -> {
                    while (!Lease.ownerGone(sandboxDir)) {
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    Runtime.getRuntime().halt(0);
                },
                "owner-lease");
        watchdog.setDaemon(true);
        watchdog.start();
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        Method main = Class.forName(S3Server.MAIN).getMethod("main", String[].class);
        main.invoke(null, (Object) rest);
    }
}
