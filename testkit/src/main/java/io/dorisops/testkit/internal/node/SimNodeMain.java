package io.dorisops.testkit.internal.node;

import io.dorisops.Role;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point of a simulated node process, launched by the node's {@code bin/} start script:
 * {@code SimNodeMain --home DIR --role fe|be|cn|ms [--helper host:port] [--metadata_failure_recovery]
 * [--recycler]}.
 */
public final class SimNodeMain {
    private SimNodeMain() {}

    /** Runs the node until it is stopped. */
    public static void main(String[] args) throws Exception {
        List<String> list = Arrays.asList(args);
        if (list.contains("--cds-training")) {
            int at = list.indexOf("--cds-training");
            CdsTraining.run(at + 1 < list.size() ? list.get(at + 1) : "fe");
            // A thread the walk left would keep the JVM, and so the archive, from being written.
            System.exit(0);
        }
        Path home = Path.of(value(list, "--home"));
        String role = value(list, "--role");
        switch (role) {
            case "fe" -> {
                NodeContext ctx = new NodeContext(home, Role.FE_FOLLOWER);
                String helper = list.contains("--helper") ? value(list, "--helper") : null;
                new FeNode(ctx, helper, list.contains("--metadata_failure_recovery")).run();
            }
            case "be" -> new BeNode(new NodeContext(home, Role.BE)).run();
            case "cn" -> new BeNode(new NodeContext(home, Role.CN)).run();
            case "ms" -> {
                boolean recycler = list.contains("--recycler");
                new MsNode(new NodeContext(home, recycler ? Role.RECYCLER : Role.META_SERVICE), recycler).run();
            }
            default -> throw new IllegalArgumentException("unknown --role " + role + "; expected fe, be, cn or ms");
        }
    }

    private static String value(List<String> args, String flag) {
        int index = args.indexOf(flag);
        if (index < 0 || index + 1 >= args.size()) {
            throw new IllegalArgumentException("missing " + flag);
        }
        return args.get(index + 1);
    }
}
