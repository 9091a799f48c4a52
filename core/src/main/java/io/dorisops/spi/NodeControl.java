package io.dorisops.spi;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * How procedures act on a cluster's nodes: a set of capabilities, each a small interface, of which a
 * backend implements the ones it has. On hosts (the default of {@code Cluster}) every capability but
 * {@link ComponentControl} is there, through each host's {@link Transport}; on Kubernetes the pods keep
 * the {@link RunMarker} and the operator's resource gives {@link ComponentControl}.
 *
 * <p>Each procedure names the capabilities it needs; planning or running one on a node control that lacks
 * one is refused before anything runs, naming the procedure and the capability.
 *
 * <pre>{@code
 * NodeControl control = NodeControl.builder().runMarker(marker).componentControl(components).build();
 * }</pre>
 */
public final class NodeControl {

    /** One capability, by the interface that provides it. */
    public enum Capability {
        /** {@link ProcessControl}: running, start, stop, the logs. */
        PROCESS_CONTROL("process control (start, stop)"),
        /** {@link BinaryStore}: stage, back up, deploy and restore a node's software in place. */
        BINARY_STORE("the binary store (stage, back up, deploy, restore)"),
        /** {@link Installer}: install a package into an empty home, write its conf file. */
        INSTALLER("the installer (install, write conf)"),
        /** {@link RunMarker}: the claim of the cluster for one run. */
        RUN_MARKER("the run marker (claim, release)"),
        /** {@link ComponentControl}: a component's image and replicas on an operator-run cluster. */
        COMPONENT_CONTROL("component control (image, replicas, rollout)");

        private final String description;

        Capability(String description) {
            this.description = description;
        }

        /** What the capability does, for messages. */
        public String description() {
            return description;
        }
    }

    private final Optional<ProcessControl> processes;
    private final Optional<BinaryStore> binaries;
    private final Optional<Installer> installer;
    private final Optional<RunMarker> runMarker;
    private final Optional<ComponentControl> components;

    private NodeControl(Builder builder) {
        this.processes = Optional.ofNullable(builder.processes);
        this.binaries = Optional.ofNullable(builder.binaries);
        this.installer = Optional.ofNullable(builder.installer);
        this.runMarker = Optional.ofNullable(builder.runMarker);
        this.components = Optional.ofNullable(builder.components);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<ProcessControl> processes() {
        return processes;
    }

    public Optional<BinaryStore> binaries() {
        return binaries;
    }

    public Optional<Installer> installer() {
        return installer;
    }

    public Optional<RunMarker> runMarker() {
        return runMarker;
    }

    public Optional<ComponentControl> components() {
        return components;
    }

    /** The capabilities this node control has. */
    public Set<Capability> capabilities() {
        Set<Capability> has = EnumSet.noneOf(Capability.class);
        processes.ifPresent(p -> has.add(Capability.PROCESS_CONTROL));
        binaries.ifPresent(b -> has.add(Capability.BINARY_STORE));
        installer.ifPresent(i -> has.add(Capability.INSTALLER));
        runMarker.ifPresent(m -> has.add(Capability.RUN_MARKER));
        components.ifPresent(c -> has.add(Capability.COMPONENT_CONTROL));
        return has;
    }

    /** Names the capabilities, never their implementations' state. */
    @Override
    public String toString() {
        return "NodeControl" + capabilities();
    }

    /** The capabilities of a {@link NodeControl}; each is optional. */
    public static final class Builder {
        private ProcessControl processes;
        private BinaryStore binaries;
        private Installer installer;
        private RunMarker runMarker;
        private ComponentControl components;

        private Builder() {}

        public Builder processControl(ProcessControl processes) {
            this.processes = requireNonNull(processes, "processes");
            return this;
        }

        public Builder binaryStore(BinaryStore binaries) {
            this.binaries = requireNonNull(binaries, "binaries");
            return this;
        }

        public Builder installer(Installer installer) {
            this.installer = requireNonNull(installer, "installer");
            return this;
        }

        public Builder runMarker(RunMarker runMarker) {
            this.runMarker = requireNonNull(runMarker, "runMarker");
            return this;
        }

        public Builder componentControl(ComponentControl components) {
            this.components = requireNonNull(components, "components");
            return this;
        }

        public NodeControl build() {
            return new NodeControl(this);
        }
    }
}
