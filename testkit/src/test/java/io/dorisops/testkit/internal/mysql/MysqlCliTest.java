package io.dorisops.testkit.internal.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code mysql} command-line client (MySQL or MariaDB) against the server; skipped where it is not installed. */
class MysqlCliTest {
    private final List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
    private MysqlServer server;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(mysqlClient() != null, "no mysql client on the PATH");
        server = MysqlServer.start(
                InetAddress.getLoopbackAddress(),
                0,
                Authenticator.single("root", "s3cret"),
                (session, sql) -> {
                    received.add(sql);
                    if (sql.contains("version_comment")) {
                        return QueryResult.rows(
                                List.of("@@version_comment"), List.of(List.of("Doris version doris-2.1.8")));
                    }
                    if (sql.startsWith("SHOW")) {
                        return QueryResult.rows(
                                List.of("Name", "ErrMsg"), List.of(Arrays.asList("fe-1", null), List.of("fe-2", "")));
                    }
                    throw SqlError.of("errCode = 2, detailMessage = Syntax error in line 1: " + sql);
                },
                "5.7.99");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Path mysqlClient() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "mysql");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private Run mysql(String password, String sql) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        mysqlClient().toString(),
                        "--protocol=TCP",
                        "-h127.0.0.1",
                        "-P" + server.port(),
                        "-uroot",
                        "-p" + password,
                        "--batch",
                        "-e",
                        sql)
                .start();
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("mysql client finished")
                .isTrue();
        return new Run(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void mysqlClientLogsInAndPrintsAResultSetWithNull() throws Exception {
        Run run = mysql("s3cret", "SHOW FRONTENDS");
        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("Name\tErrMsg\nfe-1\tNULL\nfe-2\t\n");
        assertThat(received).contains("SHOW FRONTENDS");
    }

    @Test
    void mysqlClientShowsTheHandlersErrorAndAccessDenied() throws Exception {
        Run bad = mysql("s3cret", "DROP TABLE t");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr())
                .contains("1105 (HY000)", "errCode = 2, detailMessage = Syntax error in line 1: DROP TABLE t");

        Run denied = mysql("nope", "SHOW FRONTENDS");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.stderr()).contains("1045", "Access denied for user 'root'@'127.0.0.1' (using password: YES)");
    }
}
