package dev.sigil.cli;

import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CommandTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole command tree as {@link SigilCli#commandLine} builds it, so that commands added later are held to the same
 * rules: every leaf has {@code --help} with an "Examples:" footer whose examples run that very command, and the
 * completion script knows every command (and works in bash).
 */
class CommandTreeTest {

    @TempDir
    Path dir;

    static CommandLine tree() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return SigilCli.commandLine(new CliContext(sink, sink, Map.of(), CliRun.CLOCK));
    }

    /** Every command below the root, as its path of names; picocli's own {@code help} left out. */
    static List<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(tree(), List.of(), out);
        return out;
    }

    static List<List<String>> leaves() {
        CommandLine root = tree();
        return commands().stream().filter(p -> find(root, p).getSubcommands().isEmpty()).toList();
    }

    private static void collect(CommandLine cmd, List<String> prefix, List<List<String>> out) {
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(prefix);
                p.add(name);
                out.add(List.copyOf(p));
                collect(sub, p, out);
            }
        });
    }

    private static CommandLine find(CommandLine root, List<String> path) {
        CommandLine c = root;
        for (String name : path) {
            c = c.getSubcommands().get(name);
        }
        return c;
    }

    @ParameterizedTest
    @MethodSource("leaves")
    void everyLeafHasHelpWithExamplesOfItself(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");

        CliRun r = CliRun.run(Map.of("HOME", dir.toString(), "PWD", dir.toString()), args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        String help = r.out();
        assertThat(help).as("help of %s", path).contains("\nExamples:\n");
        List<String> examples = help.substring(help.lastIndexOf("\nExamples:\n") + 11).lines()
                .filter(l -> l.startsWith("  ")).toList();
        String self = "sigil " + String.join(" ", path);
        assertThat(examples).as("examples of '%s'", self).isNotEmpty()
                .anySatisfy(l -> assertThat(l).contains(self));
    }

    private static java.util.Set<String> builtFor(String... args) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return SigilCli.commandLine(new CliContext(sink, sink, Map.of(), CliRun.CLOCK), CommandTree.select(args))
                .getSubcommands().keySet();
    }

    @Test
    void aRunBuildsOnlyTheTopLevelCommandItNames() {
        java.util.Set<String> all = tree().getSubcommands().keySet();
        for (String name : all) {
            if (!name.equals("help") && !name.equals("completion")) {
                assertThat(builtFor("--server", "https://x.internal", "-o", "json", name, "list")).as(name)
                        .containsExactly(name);
            }
        }
        assertThat(builtFor("--version")).isEmpty();
        assertThat(builtFor()).isEqualTo(all);
        assertThat(builtFor("--help")).isEqualTo(all);
        assertThat(builtFor("help", "cert")).isEqualTo(all);
        assertThat(builtFor("completion", "bash")).isEqualTo(all);
        assertThat(builtFor("cret", "list")).as("a typo gets suggestions from every command").isEqualTo(all);
    }

    @Test
    void theTreeHasTheSetUpCommands() {
        assertThat(commands()).contains(List.of("login"), List.of("logout"), List.of("config", "show"),
                List.of("config", "set"), List.of("config", "unset"), List.of("doctor"), List.of("completion"));
    }

    @Test
    void theBashCompletionScriptNamesEveryCommand() {
        CliRun r = CliRun.run(Map.of(), "completion", "bash");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String script = r.out();
        assertThat(script).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_sigil");
        for (List<String> path : commands()) {
            // picocli names one function per command, dropping characters a shell name cannot have.
            String function = "function _picocli_sigil_" + String.join("_", path).replaceAll("[^A-Za-z0-9_]", "")
                    + "()";
            assertThat(script).as("completion of %s", path).contains(function);
            assertThat(script).containsPattern("cmds[0-9]*=\\([^)]*\\b" + path.get(path.size() - 1) + "\\b");
        }
    }

    @Test
    void zshGetsTheSameScriptWhichLoadsBashcompinitItself() {
        CliRun bash = CliRun.run(Map.of(), "completion", "bash");
        CliRun zsh = CliRun.run(Map.of(), "completion", "zsh");
        CliRun fish = CliRun.run(Map.of(), "completion", "fish");

        assertThat(zsh.exitCode()).isZero();
        assertThat(zsh.out()).isEqualTo(bash.out()).contains("autoload -U +X bashcompinit && bashcompinit");
        assertThat(fish.exitCode()).isEqualTo(2);
        assertThat(fish.err()).contains("unknown shell 'fish' (use bash or zsh)");
    }

    /** What bash offers for the words typed so far (the last one being completed). */
    private List<String> complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String cmd = "source " + script + "; COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length()
                + "; _complete_sigil; printf '%s\\n' \"${COMPREPLY[@]}\"";
        // Outside a real completion bash complains about compopt on stderr; only stdout is the answer.
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void bashCompletesCommandsSubcommandsAndOptions() throws Exception {
        Path script = Files.writeString(dir.resolve("sigil.bash"), CliRun.run(Map.of(), "completion", "bash").out());

        assertThat(complete(script, "sigil", "do")).containsExactly("doctor");
        assertThat(complete(script, "sigil", "config", "s")).containsExactlyInAnyOrder("set", "show");
        assertThat(complete(script, "sigil", "login", "--ca-f")).containsExactly("--ca-fingerprint");
        assertThat(complete(script, "sigil", "completion", "z")).containsExactly("zsh");
    }
}
