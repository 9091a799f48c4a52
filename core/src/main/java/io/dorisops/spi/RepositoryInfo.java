package io.dorisops.spi;

import static java.util.Objects.requireNonNull;

import io.dorisops.Beta;

/**
 * A repository as {@code SHOW REPOSITORIES} lists it (never its keys).
 *
 * @param name {@code RepoName}
 * @param location {@code Location}
 * @param readOnly {@code IsReadOnly}
 * @param error {@code ErrMsg}: the FE's last failure to reach it, empty when none
 */
@Beta
public record RepositoryInfo(String name, String location, boolean readOnly, String error) {
    public RepositoryInfo {
        requireNonNull(name, "name");
        requireNonNull(location, "location");
        requireNonNull(error, "error");
    }
}
