package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpAndVisibilityTest {

    @Test
    void everyCommandsHelpShowsAnExample() {
        List<List<String>> paths = new ArrayList<>();
        collect(
                Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
                List.of(),
                paths);
        assertThat(paths).hasSizeGreaterThan(15).contains(List.of("completion"), List.of("k8s", "upgrade"));

        for (List<String> path : paths) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            List<String> args = new ArrayList<>(path);
            args.add("--help");

            int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));

            String command = String.join(" ", path);
            assertThat(exit).as(command + " --help: " + err).isZero();
            assertThat(out.toString())
                    .as("dorisops " + command + " --help")
                    .containsPattern("\\nExamples?:\\n  dorisops ");
            String help = out.toString();
            // An example is one line: none wraps at picocli's 80 columns.
            assertThat(help.substring(help.indexOf("Example")).lines())
                    .as("dorisops " + command + " --help")
                    .allMatch(line -> line.isEmpty()
                            || line.startsWith("  dorisops ")
                            || line.startsWith("Run ")
                            || line.startsWith("Example"));
        }
    }

    /** Each example names commands and options that exist, with every required option and a valid value for each. */
    @Test
    void everyExampleIsACommandLineThatParses() {
        CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<List<String>> paths = new ArrayList<>();
        collect(root, List.of(), paths);
        List<String> examples = new ArrayList<>();
        for (List<String> path : paths) {
            CommandLine command = root;
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            command.getUsageMessage()
                    .lines()
                    .filter(line -> line.startsWith("  dorisops "))
                    .forEach(examples::add);
        }

        assertThat(examples).hasSizeGreaterThan(paths.size());
        for (String example : examples) {
            // The words a shell passes: up to a comment or a redirection.
            List<String> words = new ArrayList<>();
            for (String word : example.trim().split(" +")) {
                if (word.startsWith("#") || word.equals(">") || word.equals("|")) {
                    break;
                }
                words.add(word);
            }
            assertThat(String.join(" ", words)).as(example).doesNotContain("'", "\"", "$");

            CommandLine.ParseResult parsed;
            try {
                parsed = root.parseArgs(words.subList(1, words.size()).toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                // an unknown command or option, a missing or malformed value
                throw new AssertionError("the example \"" + example.trim() + "\" does not parse: " + e.getMessage(), e);
            }

            assertThat(parsed.hasSubcommand() || parsed.isVersionHelpRequested())
                    .as(example + " names a command")
                    .isTrue();
        }
    }

    @Test
    void onlyMainIsPublic() throws IOException, URISyntaxException {
        Path classes = Path.of(Main.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("io/dorisops/cli");
        List<String> publicTypes = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = load("io.dorisops.cli." + name);
                if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass()) {
                    publicTypes.add(type.getName());
                }
            }
        }
        assertThat(publicTypes).containsExactly(Main.class.getName());
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Main.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Every command below the root as its path of names, e.g. [sandbox, start]; picocli's own help command aside. */
    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help") || !sub.getCommandName().equals(name)) {
                return;
            }
            List<String> subPath = new ArrayList<>(path);
            subPath.add(name);
            paths.add(subPath);
            collect(sub, subPath, paths);
        });
        if (path.isEmpty()) {
            paths.add(List.of());
        }
    }
}
