package io.dorisops.testkit.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/testkit-sql.md} carries the audited table exactly as {@link ColumnSet} holds it, so the
 * page and the sets the sandbox and the SDK's tests use cannot drift apart. On a mismatch the expected
 * table is in {@code target/audited-table.md}.
 */
class AuditedTableDocTest {

    @Test
    void theDocsPageListsEveryAuditedColumnSetWithItsSource() throws IOException {
        String table =
                Stream.of(ColumnSet.values()).map(AuditedTableDocTest::row).collect(Collectors.joining());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "audited-table.md"), table);

        String page = Files.readString(Path.of("..", "docs", "testkit-sql.md"));

        assertThat(page).contains(table);
    }

    private static String row(ColumnSet set) {
        return "| `" + set.statement().text() + "` | " + set.flavor().key() + " " + range(set) + " | "
                + String.join(", ", set.columns()) + " | " + set.mark() + " | " + set.source() + " |\n";
    }

    private static String range(ColumnSet set) {
        boolean fromStart = set.from().equals(Version.parse("0.0.0"));
        if (set.until().isEmpty()) {
            return fromStart ? "all" : "≥ " + set.from().number();
        }
        String until = set.until().get().number();
        return fromStart ? "< " + until : set.from().number() + " – < " + until;
    }
}
