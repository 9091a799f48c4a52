package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad flags and hostile files on the command line exit 2 with a message, before anything runs. */
class BadFlagsTest {

    @TempDir
    static Path dir;

    static Path valid;
    static Path hostile;
    static Path latin1;

    static Stream<Arguments> badCommandLines() throws Exception {
        valid = Files.writeString(
                dir.resolve("ok.yaml"), "flavor: doris\nfollowers: [{id: fe-1, host: 127.0.0.1, home: /opt/fe}]\n");
        hostile = Files.writeString(
                dir.resolve("pwned.yaml"),
                "flavor: doris\nfollowers: [{id: fe-1, host: 127.0.0.1, home: \"/data/be $(touch PWNED)\"}]\n");
        latin1 = Files.write(
                dir.resolve("latin1.yaml"), "flavor: doris\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        return Stream.of(
                bad("an unknown command", new String[] {"frobnicate"}, "Unmatched argument at index 0: 'frobnicate'"),
                bad("validate without a file", new String[] {"validate"}, "Missing required parameter: 'TOPOLOGY'"),
                bad(
                        "an unknown flag",
                        new String[] {"status", "--bogus", "-t", valid.toString()},
                        "Unknown option: '--bogus'"),
                bad(
                        "an upgrade of neither a package nor a plan",
                        new String[] {"upgrade", "-t", valid.toString()},
                        "Name the package (--package FILE) or an approved plan (--plan FILE)"),
                bad(
                        "an upgrade of both a package and a plan",
                        new String[] {"upgrade", "-t", valid.toString(), "-p", "x.tar.gz", "--plan", "plan.json"},
                        "Name the package (--package FILE) or an approved plan (--plan FILE)"),
                bad(
                        "a duration without a unit",
                        new String[] {"plan", "-t", valid.toString(), "-p", "x.tar.gz", "--ready-timeout", "10"},
                        "Invalid value for option '--ready-timeout'"),
                bad(
                        "a duration of PT2562047788015215H",
                        new String[] {
                            "plan", "-t", valid.toString(), "-p", "x.tar.gz", "--ready-timeout", "PT2562047788015215H"
                        },
                        "Invalid value for option '--ready-timeout': \"PT2562047788015215H\" is longer than 30 days,"
                                + " the longest duration dorisops takes; give at most 30d (PT720H)"),
                bad(
                        "a soak of 31 days",
                        new String[] {"plan", "-t", valid.toString(), "-p", "x.tar.gz", "--soak", "31d"},
                        "Invalid value for option '--soak': \"31d\" is longer than 30 days"),
                bad(
                        "a transfer parallelism of 0",
                        new String[] {"plan", "-t", valid.toString(), "-p", "x.tar.gz", "--transfer-parallel", "0"},
                        "Invalid value for option '--transfer-parallel': transferParallel must be 1 or more, was 0;"
                                + " 1 stages one host at a time"),
                bad(
                        "a duration with shell syntax",
                        new String[] {
                            "plan", "-t", valid.toString(), "-p", "x.tar.gz", "--ready-timeout", "5m; rm -rf /"
                        },
                        "Invalid value for option '--ready-timeout'"),
                bad(
                        "a node count that is not a number",
                        new String[] {
                            "sandbox",
                            "start",
                            "--flavor",
                            "doris",
                            "--version",
                            "2.1.8",
                            "--dir",
                            dir.resolve("sb").toString(),
                            "--fe",
                            "three"
                        },
                        "Invalid value for option '--fe': 'three' is not an int"),
                bad(
                        "a home with $(...) through --topology",
                        new String[] {"status", "-t", hostile.toString()},
                        "home: \"/data/be $(touch PWNED)\" contains a space"),
                bad(
                        "validate on a home with $(...)",
                        new String[] {"validate", hostile.toString()},
                        "home: \"/data/be $(touch PWNED)\" contains a space"),
                bad(
                        "validate on a Latin-1 file",
                        new String[] {"validate", latin1.toString()},
                        "not UTF-8: byte 0xe9 at offset 23"),
                bad(
                        "validate on a directory",
                        new String[] {"validate", dir.toString()},
                        "cannot read the file: it is a directory"),
                bad(
                        "a topology flag without its file",
                        new String[] {"status", "-t"},
                        "Missing required parameter for option '--topology'"));
    }

    private static Arguments bad(String input, String[] args, String message) {
        return Arguments.of(input, args, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommandLines")
    void aBadCommandLineExits2WithAMessage(String input, String[] args, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);

        assertThat(exit).as(input + ": " + err).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }
}
