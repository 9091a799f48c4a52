package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terminal escape sequences in text from the cluster or a journal are printed visibly, never raw: an
 * FE whose bootstrap answer carries {@code ESC ]0;pwned BEL} (set the window title) cannot drive the
 * terminal of whoever runs {@code dorisops status}.
 */
class TerminalEscapesTest {

    private static final String HOSTILE = "\u001b]0;pwned\u0007 not ready \u009b2J\u202egnp.exe";

    @TempDir
    Path dir;

    private HttpServer fe;

    @BeforeEach
    void startAnFeThatAnswersWithEscapes() throws IOException {
        fe = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fe.createContext("/api/bootstrap", exchange -> {
            byte[] body = ("{\"code\": 0, \"msg\": \""
                            + HOSTILE.replace("\u001b", "\\u001b").replace("\u0007", "\\u0007") + "\", \"data\": null}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        fe.start();
    }

    @AfterEach
    void stop() {
        fe.stop(0);
    }

    @Test
    void aClusterAnswerCarryingEscapeSequencesIsPrintedVisiblyEscaped() throws Exception {
        CliRun run = CliRun.of("status", "--topology", topology().toString());

        assertThat(run.code()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).contains("\\e]0;pwned\\x07 not ready \\u009b2J\\u202egnp.exe");
        for (String printed : new String[] {run.out(), run.err()}) {
            assertThat(printed.chars().filter(c -> c == 0x1b || c == 0x07 || c == 0x9b || c == 0x202e))
                    .isEmpty();
        }
    }

    @Test
    void aJsonDocumentStaysValidAndCarriesTheTextEscaped() throws Exception {
        CliRun run = CliRun.of("status", "--json", "--topology", topology().toString());

        JsonNode node = run.json().get("nodes").get(0);
        assertThat(node.get("evidence").asText()).contains(HOSTILE);
        assertThat(run.out().chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0 || c == 0x202e))
                .isEmpty();
    }

    @Test
    void everyControlCharacterButNewlineAndTabIsShown() {
        assertThat(Visible.text("a\u001b[31mb\tc\nd\re\u0000\u007f\u0085\u200f"))
                .isEqualTo("a\\e[31mb\tc\nd\\re\\x00\\u007f\\u0085\\u200f");
        assertThat(Visible.text("plain text, ünïcödé")).isEqualTo("plain text, ünïcödé");
    }

    @Test
    void logLinesWrittenToStderrAreShownVisiblyToo() {
        java.io.ByteArrayOutputStream terminal = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = Visible.stream(terminal);
        byte[] split = "é\u009b".getBytes(StandardCharsets.UTF_8);

        err.println("[main] WARN Events - be-1: \u001b]0;pwned\u0007");
        err.write(split, 0, 1);
        err.write(split, 1, split.length - 1);
        err.flush();

        assertThat(terminal.toString(StandardCharsets.UTF_8))
                .isEqualTo("[main] WARN Events - be-1: \\e]0;pwned\\x07\né\\u009b");
    }

    private Path topology() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        return Files.writeString(
                dir.resolve("t.yaml"),
                "flavor: doris\nname: hostile\nfollowers:\n  - {id: fe-1, host: 127.0.0.1, home: /opt/fe, ports:"
                        + " {httpPort: " + fe.getAddress().getPort() + ", queryPort: " + closed
                        + ", rpcPort: 19020, editLogPort: 19010}}\n");
    }
}
