package io.dorisops.internal.procedure;

import io.dorisops.Canary;
import io.dorisops.FrontendCheckOptions;
import io.dorisops.internal.run.RunSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The procedure options a plan records ({@code Operation.options()}), so that a plan file runs with
 * exactly the options it was planned with: an upgrade's package SHA-512, FE metadata check, downgrade,
 * staged packages kept, canary and batch size, each a name and its value as text. The plan's digest
 * covers them, so an edited option is refused with the rest of an edited plan.
 */
public final class PlannedOptions {

    private static final String CANARY = "canary";
    private static final String CANARY_NODE = "canary.node";
    private static final String CANARY_SOAK = "canary.soak";
    private static final String MAX_PARALLEL = "maxParallel";
    private static final String ALLOW_DOWNGRADE = "allowDowngrade";
    private static final String PACKAGE_SHA512 = "packageSha512";
    private static final String KEEP_STAGED = "keepStagedPackages";
    private static final String SKIP_FE_CHECK = "skipFrontendCheck";
    private static final String FE_CHECK_HOST = "frontendCheck.host";
    private static final String FE_CHECK_WORK_DIR = "frontendCheck.workDir";
    private static final String FE_CHECK_KEEP = "frontendCheck.keep";
    private static final String FE_CHECK_TIMEOUT = "frontendCheck.timeout";
    private static final String FE_CHECK_CLUSTER_ID = "frontendCheck.clusterId";
    private static final String FE_CHECK_PORTS = "frontendCheck.ports";

    private PlannedOptions() {}

    /** An upgrade's own options in {@code options}, by name. */
    public static Map<String, String> upgrade(RunSettings options) {
        Map<String, String> recorded = new LinkedHashMap<>();
        Canary canary = options.canary();
        recorded.put(CANARY, canary.mode().name().toLowerCase(Locale.ROOT));
        canary.node().ifPresent(node -> recorded.put(CANARY_NODE, node));
        recorded.put(CANARY_SOAK, canary.soak().toString());
        recorded.put(MAX_PARALLEL, Integer.toString(options.maxParallel()));
        recorded.put(ALLOW_DOWNGRADE, Boolean.toString(options.allowDowngrade()));
        options.packageSha512().ifPresent(hex -> recorded.put(PACKAGE_SHA512, hex));
        recorded.put(KEEP_STAGED, Integer.toString(options.keepStagedPackages()));
        recorded.put(SKIP_FE_CHECK, Boolean.toString(options.forced().contains("fe-metadata-check")));
        FrontendCheckOptions check = options.frontendCheck();
        check.host().ifPresent(host -> recorded.put(FE_CHECK_HOST, host));
        check.workDir().ifPresent(dir -> recorded.put(FE_CHECK_WORK_DIR, dir.toString()));
        recorded.put(FE_CHECK_KEEP, Boolean.toString(check.keep()));
        recorded.put(FE_CHECK_TIMEOUT, check.timeout().toString());
        recorded.put(FE_CHECK_CLUSTER_ID, Integer.toString(check.clusterId()));
        recorded.put(FE_CHECK_PORTS, check.firstPort() + "-" + check.lastPort());
        return recorded;
    }

    /**
     * {@code run} with the recorded options set on it; an option not recorded keeps {@code run}'s value.
     *
     * @throws IllegalArgumentException when an option is unknown or its value is not one the option takes
     */
    public static RunSettings.Builder apply(Map<String, String> recorded, RunSettings.Builder run) {
        for (String name : recorded.keySet()) {
            if (!known(name)) {
                throw new IllegalArgumentException("unknown procedure option \"" + name + "\"");
            }
        }
        if (recorded.containsKey(CANARY)) {
            Canary canary = new Canary(
                    Canary.Mode.valueOf(recorded.get(CANARY).toUpperCase(Locale.ROOT)),
                    Optional.ofNullable(recorded.get(CANARY_NODE)),
                    Duration.parse(recorded.getOrDefault(CANARY_SOAK, Canary.DEFAULT_SOAK.toString())));
            run.canary(canary);
        }
        value(recorded, MAX_PARALLEL).map(Integer::parseInt).ifPresent(run::maxParallel);
        value(recorded, ALLOW_DOWNGRADE).map(v -> bool(ALLOW_DOWNGRADE, v)).ifPresent(run::allowDowngrade);
        value(recorded, PACKAGE_SHA512).ifPresent(run::packageSha512);
        value(recorded, KEEP_STAGED).map(Integer::parseInt).ifPresent(run::keepStagedPackages);
        if (value(recorded, SKIP_FE_CHECK).map(v -> bool(SKIP_FE_CHECK, v)).orElse(false)) {
            run.skipFrontendCheck();
        }
        if (recorded.keySet().stream().anyMatch(name -> name.startsWith("frontendCheck."))) {
            run.frontendCheck(frontendCheck(recorded));
        }
        return run;
    }

    private static FrontendCheckOptions frontendCheck(Map<String, String> recorded) {
        FrontendCheckOptions.Builder check = FrontendCheckOptions.builder();
        value(recorded, FE_CHECK_HOST).ifPresent(check::host);
        value(recorded, FE_CHECK_WORK_DIR).map(Path::of).ifPresent(check::workDir);
        value(recorded, FE_CHECK_KEEP).map(v -> bool(FE_CHECK_KEEP, v)).ifPresent(check::keep);
        value(recorded, FE_CHECK_TIMEOUT).map(Duration::parse).ifPresent(check::timeout);
        value(recorded, FE_CHECK_CLUSTER_ID).map(Integer::parseInt).ifPresent(check::clusterId);
        value(recorded, FE_CHECK_PORTS).ifPresent(range -> {
            String[] ends = range.split("-", 2);
            if (ends.length != 2) {
                throw new IllegalArgumentException(FE_CHECK_PORTS + " \"" + range + "\" is not a range first-last");
            }
            check.ports(Integer.parseInt(ends[0]), Integer.parseInt(ends[1]));
        });
        return check.build();
    }

    private static boolean known(String name) {
        return switch (name) {
            case CANARY,
                    CANARY_NODE,
                    CANARY_SOAK,
                    MAX_PARALLEL,
                    ALLOW_DOWNGRADE,
                    PACKAGE_SHA512,
                    KEEP_STAGED,
                    SKIP_FE_CHECK,
                    FE_CHECK_HOST,
                    FE_CHECK_WORK_DIR,
                    FE_CHECK_KEEP,
                    FE_CHECK_TIMEOUT,
                    FE_CHECK_CLUSTER_ID,
                    FE_CHECK_PORTS -> true;
            default -> false;
        };
    }

    private static Optional<String> value(Map<String, String> recorded, String name) {
        return Optional.ofNullable(recorded.get(name));
    }

    private static boolean bool(String name, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " \"" + value + "\" is not true or false");
        };
    }
}
