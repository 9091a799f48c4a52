package io.dorisops.kubernetes;

import static java.util.Objects.requireNonNull;

import io.dorisops.Version;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Map;
import java.util.Optional;

/**
 * One pod of a component as the API server reports it.
 *
 * @param name the pod name, {@code <cluster>-<component>-<ordinal>}; also the node id in the topology
 * @param component {@code fe}, {@code be}, {@code cn} or {@code broker}
 * @param ordinal the StatefulSet ordinal
 * @param uid the pod's uid: a recreated pod has a new one
 * @param phase {@code Pending}, {@code Running}, {@code Succeeded}, {@code Failed}, {@code Unknown}
 * @param ready the pod's {@code Ready} condition
 * @param restarts the container's restart count
 * @param image the container's image (its status, else its spec)
 * @param waiting why the container waits ({@code CrashLoopBackOff}, {@code ImagePullBackOff}...), or empty
 * @param deleting true when the pod has a deletion timestamp
 * @param annotations the pod's annotations
 */
public record PodState(
        String name,
        String component,
        int ordinal,
        String uid,
        String phase,
        boolean ready,
        int restarts,
        String image,
        Optional<String> waiting,
        boolean deleting,
        Map<String, String> annotations) {

    public PodState {
        requireNonNull(name, "name");
        requireNonNull(component, "component");
        requireNonNull(uid, "uid");
        requireNonNull(phase, "phase");
        requireNonNull(image, "image");
        requireNonNull(waiting, "waiting");
        annotations = Map.copyOf(annotations);
    }

    /** The version in the image's tag ({@code selectdb/doris.be-ubuntu:2.1.0} gives 2.1.0), when it has one. */
    public Optional<Version> imageVersion() {
        return versionOf(image);
    }

    /** True when the pod runs and is ready, and is not being deleted. */
    public boolean serving() {
        return phase.equals("Running") && ready && !deleting;
    }

    /** A state no wait will see recover from by itself: a crash loop or an image that cannot be pulled. */
    public boolean stuck() {
        return waiting.filter(reason -> reason.equals("CrashLoopBackOff")
                        || reason.equals("ImagePullBackOff")
                        || reason.equals("ErrImagePull")
                        || reason.equals("InvalidImageName")
                        || reason.equals("CreateContainerConfigError"))
                .isPresent();
    }

    /** {@code Running, ready, 0 restarts, image ...}, the form messages use. */
    public String describe() {
        return name + ": " + phase + (ready ? ", ready" : ", not ready")
                + waiting.map(reason -> " (" + reason + ")").orElse("")
                + (deleting ? ", terminating" : "")
                + ", " + restarts + " restarts, image " + image;
    }

    /** The version in an image reference's tag, when the tag parses as one. */
    public static Optional<Version> versionOf(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return Optional.empty();
        }
        String tag = image.substring(colon + 1);
        try {
            return Optional.of(Version.parse(tag));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A pod as the API server reports it: its phase ({@code Pending} when it has none yet), its {@code
     * Ready} condition, its first container's restarts and waiting reason, its spec's image (the status's
     * when the spec has none: the status may name a resolved digest).
     *
     * @param component the component the caller found it under, or empty when unknown
     * @param ordinal its StatefulSet ordinal, or 0 when unknown
     */
    public static PodState of(Pod pod, String component, int ordinal) {
        String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null
                ? "Pending"
                : pod.getStatus().getPhase();
        boolean ready = pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .map(PodCondition::getStatus)
                        .anyMatch("True"::equals);
        Optional<ContainerStatus> container =
                pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                        ? Optional.empty()
                        : pod.getStatus().getContainerStatuses().stream().findFirst();
        String specImage =
                pod.getSpec() == null || pod.getSpec().getContainers().isEmpty()
                        ? ""
                        : String.valueOf(pod.getSpec().getContainers().get(0).getImage());
        // The spec's image is what the StatefulSet asked for; the status may name a resolved digest.
        String image =
                specImage.isEmpty() ? container.map(ContainerStatus::getImage).orElse("") : specImage;
        Optional<String> waiting = container
                .filter(c -> c.getState() != null && c.getState().getWaiting() != null)
                .map(c -> c.getState().getWaiting().getReason());
        return new PodState(
                pod.getMetadata().getName(),
                component,
                ordinal,
                String.valueOf(pod.getMetadata().getUid()),
                phase,
                ready,
                container.map(ContainerStatus::getRestartCount).orElse(0),
                image,
                waiting,
                pod.getMetadata().getDeletionTimestamp() != null,
                pod.getMetadata().getAnnotations() == null
                        ? Map.of()
                        : pod.getMetadata().getAnnotations());
    }
}
