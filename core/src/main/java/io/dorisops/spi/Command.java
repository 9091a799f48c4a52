package io.dorisops.spi;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A command to run on a host: an argument vector (never a concatenated shell string), a working
 * directory, extra environment, a timeout and an optional user to run as.
 *
 * <pre>{@code
 * Command start = Command.of("bin/start_fe.sh", "--daemon").inDirectory(node.home()).withTimeout(Duration.ofMinutes(1));
 * }</pre>
 *
 * @param argv the program and its arguments
 * @param workDir the working directory, or empty for the transport's default
 * @param env variables added to the environment
 * @param timeout after this the whole process tree is killed
 * @param runAs a user to run as through {@code sudo -n -u}, or empty
 */
public record Command(
        List<String> argv, Optional<Path> workDir, Map<String, String> env, Duration timeout, Optional<String> runAs) {

    /** The timeout of a command built with {@link #of}: 2 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]*[$]?");

    public Command {
        argv = List.copyOf(requireNonNull(argv, "argv"));
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program");
        }
        requireNonNull(workDir, "workDir");
        env = Map.copyOf(new LinkedHashMap<>(requireNonNull(env, "env")));
        for (String name : env.keySet()) {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid environment variable name \"" + name + "\"");
            }
        }
        Durations.positive("timeout", timeout);
        requireNonNull(runAs, "runAs");
        runAs.ifPresent(user -> {
            if (!USER.matcher(user).matches()) {
                throw new IllegalArgumentException("invalid user name \"" + user + "\"");
            }
        });
    }

    /** A command with the default timeout, no working directory and no extra environment. */
    public static Command of(String... argv) {
        return new Command(List.of(argv), Optional.empty(), Map.of(), DEFAULT_TIMEOUT, Optional.empty());
    }

    /** A command from a list of arguments. */
    public static Command of(List<String> argv) {
        return new Command(argv, Optional.empty(), Map.of(), DEFAULT_TIMEOUT, Optional.empty());
    }

    /**
     * A shell script for the few places that need one ({@code sh -c script}). Build the script with
     * {@link #quote} for every value in it.
     */
    public static Command shell(String script) {
        return of("/bin/sh", "-c", script);
    }

    /**
     * A constant shell script whose values arrive as positional parameters ({@code sh -c script sh
     * arg...}, read as {@code "$1"}, {@code "$2"}, ...): the way every script of the SDK is built, so a
     * value is never parsed as shell text whatever it holds.
     */
    public static Command script(String script, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return of(argv);
    }

    /** This command run in a directory. */
    public Command inDirectory(Path directory) {
        return new Command(argv, Optional.of(directory), env, timeout, runAs);
    }

    /** This command with one more environment variable. */
    public Command withEnv(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(env);
        more.put(name, value);
        return new Command(argv, workDir, more, timeout, runAs);
    }

    /** This command with another timeout. */
    public Command withTimeout(Duration newTimeout) {
        return new Command(argv, workDir, env, newTimeout, runAs);
    }

    /** This command run as another user. */
    public Command asUser(String user) {
        return new Command(argv, workDir, env, timeout, Optional.of(user));
    }

    /**
     * The command as one POSIX shell string: {@code cd DIR && env K=V sudo -n -u USER -- ARGV...}, every
     * value quoted by {@link #quote}. This is the one place that turns a command into shell text.
     */
    public String toShellString() {
        StringBuilder text = new StringBuilder();
        workDir.ifPresent(
                dir -> text.append("cd ").append(quote(dir.toString())).append(" && "));
        if (!env.isEmpty()) {
            text.append("env");
            env.forEach(
                    (name, value) -> text.append(' ').append(name).append('=').append(quote(value)));
            text.append(' ');
        }
        runAs.ifPresent(user -> text.append("sudo -n -u ").append(quote(user)).append(" -- "));
        for (int i = 0; i < argv.size(); i++) {
            text.append(i == 0 ? "" : " ").append(quote(argv.get(i)));
        }
        return text.toString();
    }

    /** Quotes one value for a POSIX shell: left as is when it holds only safe characters, else single-quoted. */
    public static String quote(String value) {
        requireNonNull(value, "value");
        if (!value.isEmpty() && SAFE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    /** The argument vector joined by spaces, for messages. */
    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
