package io.dorisops.internal.host;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.time.Duration;
import java.util.function.Function;

/**
 * How the host capabilities ({@link HostProcesses}, {@link HostBinaries}, {@link HostRunMarker}) run a
 * constant script of {@link HostScripts} in a node's home through its host's {@link Transport}: the
 * values arrive as positional parameters ({@link Command#script}), so no home, path or stamp is ever
 * parsed as shell text.
 */
final class HostShell {

    private final Function<Node, Transport> transports;
    private final Duration commandTimeout;

    HostShell(Function<Node, Transport> transports, Duration commandTimeout) {
        this.transports = transports;
        this.commandTimeout = commandTimeout;
    }

    Duration commandTimeout() {
        return commandTimeout;
    }

    Transport transport(Node node) {
        return transports.apply(node);
    }

    /** Runs a script in the node's home. */
    ExecResult sh(Node node, String script, String... args) {
        return transport(node)
                .exec(Command.script(script, args).inDirectory(node.home()).withTimeout(commandTimeout));
    }

    /** Runs a script that must succeed; a failure names the node, the step and what to do next. */
    void run(Node node, String step, String script, String next, String... args) {
        ExecResult result = sh(node, script, args);
        if (!result.succeeded()) {
            throw new NodeFailedException(
                    node.id(),
                    step,
                    DorisOpsException.message(node.label(), step + " failed", "", oneLine(result.tail(5)), next));
        }
    }

    static String path(Node node, String relative) {
        return node.home().resolve(relative).toString();
    }

    static String oneLine(String text) {
        return text.isBlank() ? "no output" : text.replace('\n', ' ').strip();
    }
}
