package io.dorisops.internal.host;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.RunMarker;
import java.util.List;
import java.util.Optional;

/** The run marker on hosts: {@code .dorisops/run.lock} in each FE's home, created atomically (noclobber). */
final class HostRunMarker implements RunMarker {

    private final HostShell shell;

    HostRunMarker(HostShell shell) {
        this.shell = shell;
    }

    @Override
    public Optional<String> claim(Node node, String runId, String holder, String takeOver) {
        // noclobber makes the create atomic: of two operators claiming at once, one wins.
        ExecResult result = shell.sh(node, HostScripts.CLAIM, runId, holder, takeOver);
        if (result.succeeded()) {
            return Optional.empty();
        }
        if (result.exitCode() == 3) {
            return Optional.of(result.stdout().strip());
        }
        throw new DorisOpsException(node.label() + ": cannot write the run marker " + markerLocation(node) + ": "
                + HostShell.oneLine(result.tail(3)));
    }

    @Override
    public void release(Node node, String runId) {
        shell.sh(node, HostScripts.RELEASE, runId);
    }

    /** Every FE keeps one. */
    @Override
    public List<Node> markerNodes(List<Node> frontends) {
        return frontends;
    }

    @Override
    public String markerLocation(Node node) {
        return node.home().resolve(".dorisops/run.lock") + " on " + node.host();
    }
}
