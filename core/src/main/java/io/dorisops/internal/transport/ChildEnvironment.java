package io.dorisops.internal.transport;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a child process of the local transport starts with, built from an allow-list
 * rather than inherited: a parent variable is passed when it is allowed ({@code allowed}, any
 * {@code LC_*}, or one of {@code extra}) and is never one of {@code secrets}, whatever the lists
 * say, so that a daemon started here does not show a password in {@code /proc/PID/environ}.
 */
public final class ChildEnvironment {

    private ChildEnvironment() {}

    /** The passed variables, sorted by name, unmodifiable. */
    public static Map<String, String> of(
            Map<String, String> parent, Set<String> allowed, Set<String> extra, Set<String> secrets) {
        Map<String, String> passed = new TreeMap<>();
        parent.forEach((name, value) -> {
            boolean wanted = allowed.contains(name) || name.startsWith("LC_") || extra.contains(name);
            if (wanted && !secrets.contains(name)) {
                passed.put(name, value);
            }
        });
        return Collections.unmodifiableMap(passed);
    }
}
