package io.dorisops.internal.config;

import static java.util.Objects.requireNonNull;

import io.dorisops.Node;
import io.dorisops.spi.ConfigItem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three sources of one node's config, as read.
 *
 * @param node the node
 * @param declared what the topology declares for it (ports, directories, {@code config:}), in order
 * @param files its conf files in the order the node reads them (a later one wins), each with its keys
 * @param running what it runs, by key; empty when it was not read
 */
record NodeSettings(
        Node node, Map<String, String> declared, List<ConfFile> files, Optional<Map<String, ConfigItem>> running) {

    NodeSettings {
        requireNonNull(node, "node");
        declared = Map.copyOf(requireNonNull(declared, "declared"));
        files = List.copyOf(requireNonNull(files, "files"));
        requireNonNull(running, "running");
    }

    /** One conf file: its path relative to the home and the keys it sets. */
    record ConfFile(String path, Map<String, String> keys) {
        ConfFile {
            requireNonNull(path, "path");
            keys = Map.copyOf(requireNonNull(keys, "keys"));
        }
    }

    /** The value and file of the last conf file that sets {@code key}. */
    Optional<ConfFile> lastSetting(String key) {
        for (int i = files.size() - 1; i >= 0; i--) {
            if (files.get(i).keys().containsKey(key)) {
                return Optional.of(files.get(i));
            }
        }
        return Optional.empty();
    }
}
