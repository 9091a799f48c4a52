package io.dorisops.internal.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.RunOptions;
import io.dorisops.internal.run.RunSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one gate table and what is derived from it. */
class GateRegistryTest {

    @Test
    void everyNameIsOnceInTheTable() {
        assertThat(GateRegistry.all().stream().map(Gate::name)).doesNotHaveDuplicates();
    }

    @Test
    void theOptionsNameSetsComeFromTheTable() {
        assertThat(RunOptions.PREFLIGHT_CHECKS)
                .containsExactlyInAnyOrder(
                        "package",
                        "upgrade-path",
                        "disk-space",
                        "nodes-alive",
                        "tablets-healthy",
                        "single-follower",
                        "single-replica",
                        "balance-paused",
                        "replicas-fit",
                        "capacity-fits",
                        "tablet-scheduler",
                        "follower-majority",
                        "same-version",
                        "fe-metadata-check");
        assertThat(RunOptions.NODE_CHECKS).containsExactlyInAnyOrder("previous-node-ready", "no-unhealthy-tablets");
        assertThat(RunOptions.UNFORCEABLE)
                .containsExactlyInAnyOrder(
                        "lock",
                        "unfinished-run",
                        "members",
                        "drill-followers",
                        "rebuild-replicas",
                        "empty-home",
                        "ports-free",
                        "already-member",
                        "helper-reachable",
                        "fe-quorum-after-stop",
                        "master-last",
                        "drop-replicas",
                        "ready-at-target",
                        "tablets-repaired");
        Set<String> both = new HashSet<>(RunOptions.PREFLIGHT_CHECKS);
        both.addAll(RunOptions.NODE_CHECKS);
        assertThat(GateRegistry.forceable()).containsExactlyInAnyOrderElementsOf(both);
    }

    @Test
    void theRebuildGateCannotBeForced() {
        assertThatThrownBy(() -> RunSettings.builder().force("rebuild-replicas"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the check \"rebuild-replicas\" cannot be forced: skipping it risks the FE quorum, data or"
                        + " the run's record");
    }

    @Test
    void everyGateHoldsACheckOfItsPhase() {
        Gate.NodeCheck perNode = (run, next) -> Optional.empty();
        Gate.PreflightCheck preflight = (run, earlier) -> List.of();
        Gate.FinalCheck end = run -> Optional.empty();
        assertThat(GateRegistry.all()).allSatisfy(gate -> {
            assertThat(gate.check() instanceof Gate.NodeCheck)
                    .as(gate.name())
                    .isEqualTo(gate.phase() == Phase.PER_NODE);
            assertThat(gate.check() instanceof Gate.ActionCheck)
                    .as(gate.name())
                    .isEqualTo(gate.phase() == Phase.ACTION);
            assertThat(gate.check() instanceof Gate.FinalCheck).as(gate.name()).isEqualTo(gate.phase() == Phase.FINAL);
            assertThat(gate.check() instanceof Gate.LocalCheck
                            || gate.check() instanceof Gate.PreflightCheck
                            || gate.check() instanceof Gate.NewNodeCheck)
                    .as(gate.name())
                    .isEqualTo(gate.phase() == Phase.PREFLIGHT);
        });
        assertThatThrownBy(() -> new Gate("x", Phase.PER_NODE, true, "x", preflight))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the gate x of phase PER_NODE has a ");
        assertThatThrownBy(() -> new Gate("x", Phase.ACTION, false, "x", end))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the gate x of phase ACTION has a ");
        assertThatThrownBy(() -> new Gate("x", Phase.FINAL, true, "x", perNode))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the gate x of phase FINAL has a ");
        assertThatThrownBy(() -> new Gate("x", Phase.PREFLIGHT, true, "x", end))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the gate x of phase PREFLIGHT has a ");
    }

    /**
     * Outside the table and the procedure rows nothing tells a gate by its name ({@code runs("members")},
     * {@code forced().contains("package")}): the engine evaluates a phase by the entries' checks.
     */
    @Test
    void noCodeOutsideTheGatesAndTheRowsTellsAGateByItsName() throws IOException {
        Path internal = Path.of("src", "main", "java", "io", "dorisops", "internal");
        Pattern byName = Pattern.compile("\\.(runs|test|contains|equals|named)\\(\"([a-z0-9-]+)\"\\)");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(internal)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")
                            && !f.startsWith(internal.resolve("gate"))
                            && !f.startsWith(internal.resolve("procedure")))
                    .toList()) {
                Matcher call = byName.matcher(Files.readString(file));
                while (call.find()) {
                    if (GateRegistry.named(call.group(2)).isPresent()) {
                        found.add(file.getFileName() + ": " + call.group());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void aGateNameIsLowerCaseWords() {
        Gate.PreflightCheck passes = (run, earlier) -> List.of();
        assertThatThrownBy(() -> new Gate("Fe_Majority", Phase.PREFLIGHT, true, "x", passes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Fe_Majority");
    }
}
