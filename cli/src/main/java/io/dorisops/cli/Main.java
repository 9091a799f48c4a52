package io.dorisops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.DorisOpsException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code dorisops} command. Run it through {@code bin/dorisops} of the installable archive, the
 * {@code ./dorisops} launcher at the repository root (docs/install.md), or in-process with {@link #run}.
 *
 * <p>Exit codes: 0 success; 1 the operation failed (or an unexpected error); 2 invalid input (topology
 * problems, usage, an invalid flag value); 3 {@code status}: the cluster is not healthy (a node not
 * ready, a node {@code Alive=false} in the master's view, or the SQL view unavailable); {@code config
 * diff}: the configuration has drifted.
 */
@Command(
        name = "dorisops",
        description = "Operate Apache Doris and StarRocks clusters.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        footerHeading = "%nExamples:%n",
        footer = {
            "  dorisops sandbox start          # Doris, 3 FE + 3 BE, in ./sandbox",
            "  dorisops status --topology sandbox/topology.yaml",
            "  dorisops plan -t cluster.yaml -p apache-doris-2.1.8-bin-x64.tar.gz",
            "  dorisops demo",
            "",
            "Run 'dorisops COMMAND --help' for a command's options and an example."
        },
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** The subcommands in help order; a new command is one more line here. */
    static final List<Supplier<Object>> SUBCOMMANDS = List.of(
            ValidateCommand::new,
            StatusCommand::new,
            LifecycleCommand.Start::new,
            LifecycleCommand.Stop::new,
            LifecycleCommand.Restart::new,
            UpgradeCommands.Plan::new,
            UpgradeCommands.Upgrade::new,
            UpgradeCommands.Resume::new,
            UpgradeCommands.Rollback::new,
            UpgradeCommands.History::new,
            ReportCommand::new,
            DeployCommand::new,
            ScaleOutCommand::new,
            ScaleInCommand::new,
            FailoverDrillCommand::new,
            CheckUpgradeCommand::new,
            RebuildBackendCommand::new,
            ConfigCommand::new,
            BackupCommand::new,
            K8sCommand::new,
            SandboxCommand::new,
            DemoCommand::new,
            CompletionCommand::new);

    @Spec
    CommandSpec spec;

    /** {@code --version}: the Implementation-Version of the jar's manifest, which the build writes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "dorisops " + (version == null ? "(a development build, not run from its jar)" : version)
            };
        }
    }

    /** Stderr as given, for {@link ProgressView}'s colours; every other print goes through {@link Visible}. */
    private PrintWriter rawErr = new PrintWriter(Writer.nullWriter());

    /** Stderr without {@link Visible}: only for text already passed through {@link Visible#text}. */
    PrintWriter rawErr() {
        return rawErr;
    }

    /** Without a subcommand: print the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        PrintStream terminalErr = System.err;
        // The SDK's log lines (slf4j-simple writes to System.err) may quote the cluster: shown visibly too.
        System.setErr(Visible.stream(terminalErr));
        configureLogging(List.of(args).contains("--verbose"));
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(terminalErr, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /**
     * Runs the command in-process.
     *
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /** The configured command line: subcommands, writers and the one-line error handler. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        Main main = new Main();
        main.rawErr = err;
        CommandLine commandLine = new CommandLine(main);
        for (Supplier<Object> subcommand : SUBCOMMANDS) {
            commandLine.addSubcommand(subcommand.get());
        }
        // plan hands everything from its first argument on to the procedure it plans (its --help too).
        commandLine.getSubcommands().get("plan").setStopAtUnmatched(true);
        // After the subcommands: a converter applies to the commands added before it is registered.
        commandLine.registerConverter(Duration.class, new DurationConverter());
        // Text from journals and the cluster is printed with its control characters visible; picocli's own
        // help colours would be escaped too, so help is plain.
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        commandLine.setOut(Visible.writer(out));
        commandLine.setErr(Visible.writer(err));
        commandLine.setExecutionExceptionHandler(Main::handle);
        return commandLine;
    }

    /** An unexpected exception: one clear line on stderr (and a JSON document with --json); the stack trace only with --verbose. */
    private static int handle(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult own = command.getParseResult();
        boolean verbose = own != null && own.hasMatchedOption("--verbose");
        boolean json = own != null && own.hasMatchedOption("--json");
        String message = e instanceof DorisOpsException
                ? e.getMessage()
                : "unexpected error: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("error", message);
            command.getOut().println(toJson(document));
            command.getOut().flush();
        }
        PrintWriter err = command.getErr();
        err.println("dorisops " + command.getCommandName() + ": " + message
                + (verbose ? "" : (e instanceof DorisOpsException ? "" : " (run with --verbose for details)")));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return CliCommand.FAILED;
    }

    private static String toJson(Object document) {
        try {
            return new ObjectMapper().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void configureLogging(boolean verbose) {
        // slf4j-simple reads these once, before the first logger is made.
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "error");
        }
    }
}
