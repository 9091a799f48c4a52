package io.dorisops.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One config key as a running node reports it: a row of the FE's {@code ADMIN SHOW FRONTEND CONFIG} or
 * of the BE's {@code /api/show_config} (see {@code docs/config.md}). Mutability and master-only come from
 * the node itself, never from a table of dorisops.
 *
 * @param key the key as the node names it
 * @param value the running value as text (a secret the node masks shows as {@code ********})
 * @param type the node's type name ({@code int}, {@code boolean}, {@code String}; BE {@code int32_t},
 *     {@code bool}, {@code std::string}), empty when the node does not say (StarRocks BE {@code /varz})
 * @param mutable whether the node takes a live change of it ({@code IsMutable}); false when it does not say
 * @param masterOnly Doris {@code MasterOnly}: the master's value governs the cluster; empty when the node
 *     does not say (StarRocks, BEs)
 */
public record ConfigItem(String key, String value, String type, boolean mutable, Optional<Boolean> masterOnly) {
    public ConfigItem {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        requireNonNull(type, "type");
        requireNonNull(masterOnly, "masterOnly");
    }
}
