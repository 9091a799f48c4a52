package io.dorisops.cli;

import io.dorisops.Topology;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads every {@link Duration} flag: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} (the topology
 * file's form) or ISO-8601 ({@code PT10M}). Zero and negative values are refused: every duration flag is
 * a timeout or an interval. Registered once for {@code Duration} in {@link Main#commandLine}; picocli
 * turns a refusal into a usage error (exit 2) whose message names the flag: {@code Invalid value for
 * option '--ready-timeout': 0s is not a positive duration; ...}.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            duration = Topology.Timeouts.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new TypeConversionException(value + " is not a positive duration; write a number and a unit"
                    + " greater than zero, such as 500ms, 30s, 10m or 1h (or ISO-8601 like PT10M)");
        }
        return duration;
    }
}
