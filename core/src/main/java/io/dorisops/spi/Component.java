package io.dorisops.spi;

import static java.util.Objects.requireNonNull;

import io.dorisops.Version;
import java.util.List;
import java.util.Optional;

/**
 * One component (FE, BE, CN, broker) of a cluster that a Kubernetes operator runs, as its {@link
 * ComponentControl} reads it now: what core plans an upgrade by image and a scale from.
 *
 * @param name {@code fe}, {@code be}, {@code cn} or {@code broker}
 * @param field where the component lives in the resource, for messages ({@code spec.beSpec})
 * @param image the image its spec asks for
 * @param replicas the replicas its spec asks for
 * @param members the node id (pod name) of each ordinal below {@code replicas}, ordinal 0 first; each is a
 *     node of the cluster's topology
 * @param podImages the image each of its pods runs now
 * @param version the version it runs: the lowest its pods' images name, else its spec image's; empty when
 *     no tag is a version
 */
public record Component(
        String name,
        String field,
        String image,
        int replicas,
        List<String> members,
        List<String> podImages,
        Optional<Version> version) {

    public Component {
        requireNonNull(name, "name");
        requireNonNull(field, "field");
        requireNonNull(image, "image");
        members = List.copyOf(members);
        podImages = List.copyOf(podImages);
        requireNonNull(version, "version");
        if (replicas < 0 || members.size() != replicas) {
            throw new IllegalArgumentException(
                    name + ": " + replicas + " replicas need one member per ordinal, got " + members);
        }
    }
}
