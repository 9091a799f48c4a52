package io.dorisops.spi;

import static java.util.Objects.requireNonNull;

import io.dorisops.Version;
import java.nio.file.Path;

/**
 * A release package that dorisops has read and verified, as a {@link BinaryStore} stages it and an
 * {@link Installer} installs it.
 *
 * @param file the tarball on this machine
 * @param topDir its single top directory ({@code apache-doris-2.1.8-bin-x64}); a role's component is
 *     {@code topDir/<component dir>}
 * @param version the version it holds
 * @param sha512 its SHA-512, lower-case hex, to check a copy against
 */
public record PackageFile(Path file, String topDir, Version version, String sha512) {

    public PackageFile {
        requireNonNull(file, "file");
        requireNonNull(topDir, "topDir");
        requireNonNull(version, "version");
        requireNonNull(sha512, "sha512");
    }
}
