package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A password or passphrase, read when needed from an environment variable or a file, or given
 * directly by code. Its value never appears in {@code toString()}, logs or messages: those show only
 * where it comes from ({@code env:DORIS_PASSWORD}, {@code file:/etc/dorisops/pw}).
 *
 * <pre>{@code
 * Secret password = Secret.fromEnv("DORIS_PASSWORD");
 * String value = password.reveal(); // throws, naming the variable, when it is not set
 * }</pre>
 */
public final class Secret {

    /** No secret: reveals the empty string (the default root user of a new cluster has no password). */
    public static final Secret NONE = new Secret("none", env -> "");

    private final String source;
    private final Function<Map<String, String>, String> reader;

    private Secret(String source, Function<Map<String, String>, String> reader) {
        this.source = source;
        this.reader = reader;
    }

    /** A secret held in an environment variable, read at each {@link #reveal()}. */
    public static Secret fromEnv(String variable) {
        requireNonNull(variable, "variable");
        return new Secret("env:" + variable, env -> {
            String value = env.get(variable);
            if (value == null) {
                throw new DorisOpsException("environment variable " + variable
                        + " is not set; export it or point the topology at a secret file instead");
            }
            return value;
        });
    }

    /** A secret held in a file (trailing line breaks removed), read at each {@link #reveal()}. */
    public static Secret fromFile(Path file) {
        requireNonNull(file, "file");
        return new Secret("file:" + file, env -> {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException e) {
                throw new DorisOpsException(
                        "cannot read secret file " + file + ": " + e.getMessage()
                                + "; check that it exists and is readable",
                        e);
            }
        });
    }

    /** A secret given directly by code, e.g. from a vault client. */
    public static Secret of(String value) {
        requireNonNull(value, "value");
        return new Secret("value", env -> value);
    }

    /** The value. Call it at the moment of use; do not keep or log the result. */
    public String reveal() {
        return reader.apply(System.getenv());
    }

    /** Where the value comes from: {@code env:NAME}, {@code file:PATH}, {@code value} or {@code none}. */
    public String source() {
        return source;
    }

    /** The environment variable this secret is read from, if it is read from one. */
    public Optional<String> variable() {
        return source.startsWith("env:") ? Optional.of(source.substring(4)) : Optional.empty();
    }

    /** True for {@link #NONE}. */
    public boolean isNone() {
        return this == NONE;
    }

    /**
     * Secrets are equal when they read from the same environment variable or file ({@link #NONE} equals
     * itself); a secret given with {@link #of} equals only itself, so values are never compared.
     */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof Secret secret
                && (source.startsWith("env:") || source.startsWith("file:"))
                && source.equals(secret.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    /** {@code Secret[env:NAME]}: the source, never the value. */
    @Override
    public String toString() {
        return "Secret[" + source + "]";
    }
}
