package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.ConfValues;
import io.dorisops.internal.Excerpt;
import io.dorisops.internal.RemotePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deploy writes into a node's conf file besides its ports: {@code priority_networks}, the FE's
 * {@code meta_dir}, the BE's {@code storage_root_path}, and extra keys passed through as written.
 * Declared per node in the topology (with {@code defaults.priorityNetworks} and {@code
 * defaults.config.<group>}); see {@code docs/topology.md}. Validated here and by the topology before
 * it reaches a file: no value holds a line break or ends in a backslash, a value of an upper-case key
 * (which the start scripts evaluate as shell) holds no shell syntax, and the data
 * directories follow the rules of a node's home ({@link Node}).
 *
 * @param priorityNetworks the CIDR list, e.g. {@code 10.0.0.0/24}, or empty to keep the package's
 * @param metaDir the FE's metadata directory, empty for {@code <home>/doris-meta} (StarRocks {@code <home>/meta})
 * @param storageRootPath the BE's data directories as {@code be.conf} writes them ({@code
 *     /data1/doris,medium:SSD;/data2/doris}), empty for {@code <home>/storage}
 * @param extra further conf keys and values, in order
 */
public record NodeConfig(
        Optional<String> priorityNetworks,
        Optional<Path> metaDir,
        Optional<String> storageRootPath,
        Map<String, String> extra) {

    /** Nothing beyond the package's conf and the ports. */
    public static final NodeConfig NONE =
            new NodeConfig(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

    public NodeConfig {
        requireNonNull(priorityNetworks, "priorityNetworks");
        requireNonNull(metaDir, "metaDir");
        requireNonNull(storageRootPath, "storageRootPath");
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(extra, "extra")));
        for (Map.Entry<String, String> entry : extra.entrySet()) {
            requireNonNull(entry.getValue(), entry.getKey());
            if (hasLineBreak(entry.getKey())) {
                throw new IllegalArgumentException("config " + Excerpt.quote(entry.getKey()) + " holds a line break");
            }
            ConfValues.problem(entry.getKey(), entry.getValue()).ifPresent(problem -> {
                throw new IllegalArgumentException("config " + entry.getKey() + ": " + problem);
            });
        }
        priorityNetworks.filter(NodeConfig::hasLineBreak).ifPresent(p -> {
            throw new IllegalArgumentException("priorityNetworks holds a line break");
        });
        metaDir.flatMap(dir -> RemotePaths.problem(dir.toString())).ifPresent(problem -> {
            throw new IllegalArgumentException("metaDir " + problem);
        });
        storageRootPath.filter(NodeConfig::hasLineBreak).ifPresent(p -> {
            throw new IllegalArgumentException("storageRootPath holds a line break");
        });
        storageRootPath.stream()
                .flatMap(roots -> Arrays.stream(roots.split(";")))
                .map(entry -> entry.split(",")[0].strip())
                .flatMap(dir -> RemotePaths.problem(dir).stream())
                .findFirst()
                .ifPresent(problem -> {
                    throw new IllegalArgumentException("storageRootPath " + problem);
                });
    }

    /** True when nothing is set. */
    public boolean isEmpty() {
        return this.equals(NONE);
    }

    /**
     * The directories of {@link #storageRootPath()} without their options ({@code ,medium:SSD}), or
     * {@code <home>/storage} when it is not set.
     */
    public List<Path> storagePaths(Path home) {
        if (storageRootPath.isEmpty()) {
            return List.of(home.resolve("storage"));
        }
        List<Path> paths = new ArrayList<>();
        for (String entry : storageRootPath.get().split(";")) {
            String path = entry.split(",")[0].strip();
            if (!path.isEmpty()) {
                paths.add(Path.of(path));
            }
        }
        return List.copyOf(paths);
    }

    private static boolean hasLineBreak(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }
}
