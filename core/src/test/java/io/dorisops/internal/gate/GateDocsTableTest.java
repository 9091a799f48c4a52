package io.dorisops.internal.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/DESIGN.md}'s gate table is the registry: the same gates in the same order, each with its
 * phase and whether {@code --force} may skip it.
 */
class GateDocsTableTest {

    /** A row of the table: {@code | `name` | phase | yes/no | guards |}. */
    private static final Pattern ROW = Pattern.compile("^\\s*\\| `([a-z0-9-]+)` \\| ([a-z -]+) \\| (yes|no) \\|.*");

    @Test
    void theDesignGateTableListsTheRegistryByNamePhaseAndForceable() throws IOException {
        List<String> documented = Files.readAllLines(Path.of("..", "docs", "DESIGN.md")).stream()
                .map(ROW::matcher)
                .filter(Matcher::matches)
                .map(row -> row.group(1) + " " + row.group(2) + " " + row.group(3))
                .toList();

        List<String> registry = GateRegistry.all().stream()
                .map(gate ->
                        gate.name() + " " + documentedPhase(gate.phase()) + " " + (gate.forceable() ? "yes" : "no"))
                .toList();

        assertThat(documented).containsExactlyElementsOf(registry);
    }

    private static String documentedPhase(Phase phase) {
        return switch (phase) {
            case PREFLIGHT -> "pre-flight";
            case PER_NODE -> "per node";
            case ACTION -> "before the action";
            case FINAL -> "final";
        };
    }
}
