package io.dorisops.kubernetes;

import static java.util.Objects.requireNonNull;

import io.dorisops.Role;
import io.dorisops.Version;
import java.util.List;
import java.util.Optional;

/**
 * A cluster run by a Kubernetes operator as the API server and the master see it, side by side: each
 * component's desired and ready replicas and the operator's phase; each member's pod (phase, ready,
 * restarts, image) next to its SQL row (Alive, Version, master); and every disagreement between them.
 *
 * @param ref the resource
 * @param components the components, in upgrade order
 * @param members one per pod or expected ordinal
 * @param disagreements what the two views disagree on, one sentence each, naming the pod
 * @param sqlError why the master's view could not be read, if it could not
 */
public record KubernetesStatus(
        ClusterRef ref,
        List<Component> components,
        List<Member> members,
        List<String> disagreements,
        Optional<String> sqlError) {

    public KubernetesStatus {
        requireNonNull(ref, "ref");
        components = List.copyOf(components);
        members = List.copyOf(members);
        disagreements = List.copyOf(disagreements);
        requireNonNull(sqlError, "sqlError");
    }

    /**
     * One component.
     *
     * @param name {@code fe}, {@code be}, {@code cn}, {@code broker}
     * @param image the spec's image
     * @param desired the spec's replicas
     * @param ready pods running and ready
     * @param phase the operator's status phase, if reported
     */
    public record Component(String name, String image, int desired, long ready, Optional<String> phase) {}

    /**
     * One member.
     *
     * @param name the pod's name
     * @param component its component
     * @param role the role it plays
     * @param pod the pod, empty when it does not exist
     * @param alive the master's {@code Alive}, empty when not listed (or no SQL view)
     * @param version the master's {@code Version}, when listed
     * @param master true for the master FE
     */
    public record Member(
            String name,
            String component,
            Role role,
            Optional<PodState> pod,
            Optional<Boolean> alive,
            Optional<Version> version,
            boolean master) {}

    /** True when every pod serves, every member is alive, every component is at its replicas and nothing disagrees. */
    public boolean healthy() {
        return disagreements.isEmpty()
                && sqlError.isEmpty()
                && components.stream().allMatch(c -> c.ready() == c.desired());
    }

    /** The status as text for people. */
    public String describe() {
        StringBuilder text = new StringBuilder(ref.toString()).append('\n');
        for (Component c : components) {
            text.append(String.format(
                    "  %-7s %d/%d ready  %-12s %s%n",
                    c.name(), c.ready(), c.desired(), c.phase().orElse("-"), c.image()));
        }
        for (Member m : members) {
            text.append(String.format(
                    "  %-32s %-12s %-40s SQL: %s%s%n",
                    m.name(),
                    m.role().key(),
                    m.pod()
                            .map(p -> p.phase() + (p.ready() ? " ready" : " not-ready") + " restarts=" + p.restarts()
                                    + " "
                                    + p.imageVersion().map(Version::number).orElse(p.image()))
                            .orElse("no pod"),
                    m.alive().map(a -> "Alive=" + a).orElse("not listed"),
                    m.version().map(v -> " Version=" + v).orElse("") + (m.master() ? " master" : "")));
        }
        sqlError.ifPresent(
                e -> text.append("  SQL view unavailable: ").append(e).append('\n'));
        disagreements.forEach(d -> text.append("  ! ").append(d).append('\n'));
        return text.toString();
    }
}
