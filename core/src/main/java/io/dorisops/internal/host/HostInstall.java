package io.dorisops.internal.host;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.Version;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Installer;
import io.dorisops.spi.PackageFile;
import io.dorisops.spi.Transport;
import io.dorisops.spi.Transport.TransferListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The installer on hosts ({@link HostNodeControl}): install a package into a home, write a conf file, look for
 * data and open ports, each a constant shell script whose values arrive as positional parameters.
 * The only directories it creates in a data location are the empty meta dir and storage roots.
 */
final class HostInstall implements Installer {

    /** The file in a home that records which version dorisops installed there. */
    static final String MARKER = ".dorisops/installed";

    /** Tries a TCP connection to $h:$p for each port after the host; prints the ports that answer. */
    private static final String OPEN_PORTS = "h=\"$1\"; shift; for p in \"$@\"; do "
            + "if command -v bash >/dev/null 2>&1; then "
            + "timeout 3 bash -c 'exec 3<>\"/dev/tcp/$0/$1\"' \"$h\" \"$p\" 2>/dev/null && echo \"$p\"; "
            + "else nc -z -w 3 \"$h\" \"$p\" 2>/dev/null && echo \"$p\"; fi; done; true";

    private final Flavor flavor;
    private final Function<Node, Transport> transports;
    private final Duration commandTimeout;
    private final HostPackages packages;

    HostInstall(Flavor flavor, Function<Node, Transport> transports, Duration commandTimeout, HostPackages packages) {
        this.flavor = flavor;
        this.transports = transports;
        this.commandTimeout = commandTimeout;
        this.packages = packages;
    }

    @Override
    public boolean install(Node node, PackageFile pkg) {
        return install(node, pkg, TransferListener.NONE);
    }

    @Override
    public boolean install(Node node, PackageFile pkg, TransferListener listener) {
        String version = pkg.version().toString();
        if (installedMarker(node).filter(version::equals).isPresent()
                && transport(node).exists(node.home().resolve("bin"))
                && transport(node).exists(node.home().resolve("lib"))) {
            return false;
        }
        Path onHost = packages.copyOn(
                node,
                pkg,
                node.home().resolve(".dorisops/packages/" + pkg.file().getFileName()),
                listener);
        String component = pkg.topDir() + "/" + flavor.packageComponentDir(node.role());
        ExecResult result =
                sh(HostScripts.INSTALL, node, node.home().toString(), onHost.toString(), component, version, MARKER);
        if (!result.succeeded()) {
            throw new NodeFailedException(
                    node.id(),
                    "install",
                    DorisOpsException.message(
                            node.label(),
                            "install failed",
                            component + " extracted into " + node.home(),
                            HostPackages.oneLine(result),
                            result.exitCode() == 5
                                    ? "The host's tar unpacked the package otherwise than dorisops read it; nothing"
                                            + " was installed. Use the release tarball as published."
                                    : "Check that the package holds " + component + " and that " + node.home()
                                            + " is writable with room on its disk."));
        }
        return true;
    }

    @Override
    public Optional<Version> installedVersion(Node node) {
        Optional<String> marker = installedMarker(node);
        if (marker.isPresent()) {
            try {
                return Optional.of(Version.parse(marker.get()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (flavor != Flavor.DORIS || !transport(node).exists(node.home().resolve("bin"))) {
            return Optional.empty();
        }
        // Doris start scripts print the build version ("Build version: doris-2.1.7-rc01-...").
        ExecResult result = transport(node)
                .exec(Command.of(
                                node.home()
                                        .resolve("bin/" + flavor.startScript(node.role()))
                                        .toString(),
                                "--version")
                        .inDirectory(node.home())
                        .withTimeout(commandTimeout));
        try {
            return result.succeeded()
                    ? Optional.of(Version.parse(result.stdout().strip()))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void writeConf(Node node, Map<String, String> keys, List<Path> dataDirs) {
        Path conf = node.home().resolve(flavor.confFile(node.role()));
        Transport transport = transport(node);
        String shipped = transport.exists(conf) ? transport.read(conf, 1 << 20) : "";
        String text = ConfFiles.merge(shipped, keys, node.id());
        try {
            Path local = Files.createTempFile("dorisops-conf-", ".conf");
            try {
                Files.writeString(local, text, StandardCharsets.UTF_8);
                // 0644, as the package ships it: the daemon's user (ssh.runAs) reads it
                Files.setPosixFilePermissions(
                        local, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                sh("mkdir -p \"$1\"", node, conf.getParent().toString());
                transport.upload(local, conf);
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conf file of " + node.label() + ": " + e.getMessage(), e);
        }
        List<String> args = new ArrayList<>();
        dataDirs.forEach(dir -> args.add(dir.toString()));
        ExecResult made = sh("for d in \"$@\"; do mkdir -p \"$d\" || exit 3; done", node, args.toArray(String[]::new));
        if (!made.succeeded()) {
            throw new NodeFailedException(
                    node.id(),
                    "write-conf",
                    node.label() + ": cannot create the data directories " + dataDirs + ": "
                            + made.tail(3).strip() + ". Create them (empty, writable by the node's user) and resume.");
        }
    }

    @Override
    public List<String> dataFiles(Node node, List<Path> dirs) {
        List<String> args = new ArrayList<>();
        dirs.forEach(dir -> args.add(dir.toString()));
        ExecResult result = sh(
                "for d in \"$@\"; do if [ -e \"$d\" ] && [ ! -d \"$d\" ]; then echo \"$d\"; continue; fi; "
                        + "f=$(find \"$d\" -mindepth 1 -type f 2>/dev/null | head -n 1); "
                        + "if [ -n \"$f\" ]; then echo \"$f\"; fi; done",
                node,
                args.toArray(String[]::new));
        if (!result.succeeded()) {
            throw new DorisOpsException(node.label() + ": cannot look into " + dirs + ": "
                    + result.tail(3).strip());
        }
        return result.stdout().lines().filter(line -> !line.isBlank()).toList();
    }

    @Override
    public List<Integer> openPorts(Node node, String host, List<Integer> ports) {
        List<String> args = new ArrayList<>(List.of(host));
        ports.forEach(port -> args.add(Integer.toString(port)));
        ExecResult result = sh(OPEN_PORTS, node, args.toArray(String[]::new));
        return result.stdout()
                .lines()
                .map(String::strip)
                .filter(line -> line.matches("\\d+"))
                .map(Integer::valueOf)
                .toList();
    }

    private Optional<String> installedMarker(Node node) {
        Path marker = node.home().resolve(MARKER);
        if (!transport(node).exists(marker)) {
            return Optional.empty();
        }
        String text = transport(node).read(marker, 200).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** Runs without a working directory: the home may not exist yet. */
    private ExecResult sh(String script, Node node, String... args) {
        return transport(node).exec(Command.script(script, args).withTimeout(commandTimeout));
    }

    private Transport transport(Node node) {
        return transports.apply(node);
    }
}
