package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dorisops completion}: the script is valid bash and, sourced in a real bash, completes the command tree. */
class CompletionCommandTest {

    @TempDir
    Path dir;

    @Test
    void theBashScriptIsValidBash() throws Exception {
        Path script = script("bash");

        Run syntax = bash("-n", script.toString());

        assertThat(syntax.code()).as(syntax.out()).isZero();
    }

    @Test
    void sourcedInBashItCompletesDorisopsUpToUpgradeAndTheShellsOfCompletion() throws Exception {
        Path script = script("bash");

        Run completions = bash(
                "-c",
                """
                source "$1"
                complete -p dorisops
                function=$(complete -p dorisops | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p')
                complete_line() {
                  COMP_LINE=$1; COMP_POINT=${#COMP_LINE}; read -r -a COMP_WORDS <<< "$COMP_LINE"
                  case $COMP_LINE in *' ') COMP_WORDS+=(''); esac
                  COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
                  "$function" dorisops "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
                  echo "$COMP_LINE=> ${COMPREPLY[*]}"
                }
                complete_line 'dorisops up'
                complete_line 'dorisops completion '
                complete_line 'dorisops sandbox st'
                """,
                "completion-test",
                script.toString());

        assertThat(completions.code()).as(completions.out()).isZero();
        assertThat(completions.out().lines())
                .containsExactly(
                        "complete -o default -F _complete_dorisops dorisops",
                        "dorisops up=> upgrade",
                        "dorisops completion => bash zsh",
                        "dorisops sandbox st=> start stop status");
    }

    @Test
    void zshGetsTheScriptThatLoadsBashcompinitFirst() {
        CliRun zsh = CliRun.of("completion", "zsh");

        assertThat(zsh.code()).isZero();
        assertThat(zsh.out())
                .contains("autoload -U +X bashcompinit && bashcompinit")
                .contains("complete -F _complete_dorisops")
                .isEqualTo(CliRun.of("completion", "bash").out());
    }

    @Test
    void anotherShellIsAUsageErrorNamingTheShellsThereAre() {
        CliRun fish = CliRun.of("completion", "fish");

        assertThat(fish.code()).isEqualTo(2);
        assertThat(fish.err())
                .startsWith("Invalid value for positional parameter at index 0 (SHELL): expected one of [bash, zsh]");
    }

    private Path script(String shell) throws Exception {
        CliRun run = CliRun.of("completion", shell);
        assertThat(run.code()).as(run.err()).isZero();
        return Files.writeString(dir.resolve("dorisops." + shell), run.out());
    }

    private static Run bash(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "--norc", "--noprofile"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), out);
    }

    private record Run(int code, String out) {}
}
