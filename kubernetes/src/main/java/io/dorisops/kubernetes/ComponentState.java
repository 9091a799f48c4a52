package io.dorisops.kubernetes;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One component of the custom resource: what its spec asks for, what the operator reports and its pods.
 *
 * @param name {@code fe}, {@code be}, {@code cn} or {@code broker}
 * @param specField where it lives in the resource, e.g. {@code spec.beSpec}
 * @param image the spec's {@code image}
 * @param replicas the spec's {@code replicas} (1 when absent)
 * @param electionNumber the Doris FE's {@code electionNumber} (followers; default 3), else empty
 * @param phase the operator's status phase ({@code available}, {@code upgrading}, {@code running}...), if any
 * @param pods the pods by the operator's labels, by ordinal
 */
public record ComponentState(
        String name,
        String specField,
        String image,
        int replicas,
        Optional<Integer> electionNumber,
        Optional<String> phase,
        List<PodState> pods) {

    public ComponentState {
        requireNonNull(name, "name");
        requireNonNull(specField, "specField");
        requireNonNull(image, "image");
        requireNonNull(electionNumber, "electionNumber");
        requireNonNull(phase, "phase");
        pods = List.copyOf(pods);
    }

    /** Pods running and ready. */
    public long readyPods() {
        return pods.stream().filter(PodState::serving).count();
    }

    /** The pod of an ordinal, if it exists. */
    public Optional<PodState> pod(int ordinal) {
        return pods.stream().filter(pod -> pod.ordinal() == ordinal).findFirst();
    }
}
