package dev.sigil.cli;

import dev.sigil.cli.command.CliContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing and help, in-process and without a server: usage errors exit 2 before anything is sent. */
class ArgumentParsingTest {

    @TempDir
    Path dir;

    private CliRun sigil(String... args) {
        // A token is configured so that a parse that wrongly succeeded would go on to fail with 1, not 2.
        return CliRun.run(Map.of("HOME", dir.toString(), "PWD", dir.toString(), "SIGIL_TOKEN", "sgl_x",
                "SIGIL_SERVER", "https://127.0.0.1:1"), args);
    }

    /** Every command path of the tree, e.g. [cert, issue]. */
    static List<List<String>> commandPaths() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        CommandLine root = SigilCli.commandLine(new CliContext(sink, sink, Map.of(), CliRun.CLOCK));
        List<List<String>> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine cmd, List<String> prefix, List<List<String>> out) {
        out.add(List.copyOf(prefix));
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(prefix);
                p.add(name);
                collect(sub, p, out);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("commandPaths")
    void everyCommandHasHelpWithAnExample(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");

        CliRun r = sigil(args.toArray(String[]::new));

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: sigil").contains("Examples:", "--server", "--token-file",
                "--ca-cert", "--output", "--debug");
    }

    @Test
    void theCommandTreeHasAllDocumentedCommands() {
        assertThat(commandPaths()).contains(List.of("cert", "issue"), List.of("cert", "list"),
                List.of("cert", "show"), List.of("cert", "revoke"), List.of("ca", "list"),
                List.of("token", "create"), List.of("token", "list"), List.of("token", "revoke"),
                List.of("audit", "list"), List.of("audit", "verify"), List.of("profile", "list"),
                List.of("acme", "directories"), List.of("acme", "eab", "create"), List.of("acme", "eab", "list"),
                List.of("whoami"));
    }

    @Test
    void topLevelHelpDocumentsExitCodesAndConfiguration() {
        CliRun r = sigil("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Exit codes:", "0   success", "2   usage error", "3   not found",
                "4   refused", "SIGIL_CONFIG", "~/.config/sigil/config.properties", "./data/admin-token");
    }

    @Test
    void versionIsPrinted() {
        CliRun r = sigil("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("sigil ");
    }

    @Test
    void theTokenCannotBeGivenAsAFlag() {
        CliRun r = sigil("whoami", "--token", "sgl_secret");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: Unknown option", "--token").doesNotContain("Exception");
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        CliRun r = sigil("cert", "lst");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Did you mean", "cert list", "Try 'sigil cert --help'");
    }

    @Test
    void aGroupWithoutSubcommandIsAUsageError() {
        CliRun none = sigil();
        CliRun cert = sigil("cert");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(cert.exitCode()).isEqualTo(2);
        assertThat(cert.err()).contains("missing command: one of issue, list, show, revoke");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThat(sigil("cert", "issue", "--csr", "x.csr", "--ttl", "0d").err())
                .contains("duration must be positive");
        assertThat(sigil("cert", "issue", "--csr", "x.csr", "--ttl", "soon").exitCode()).isEqualTo(2);
        assertThat(sigil("cert", "list", "--status", "alive").err()).contains("use valid, revoked or expired");
        assertThat(sigil("cert", "list", "--all", "--limit", "5").err()).contains("exclude each other");
        assertThat(sigil("cert", "list", "--limit", "0").exitCode()).isEqualTo(2);
        assertThat(sigil("cert", "show", "not-hex").err()).contains("not a certificate serial");
        assertThat(sigil("cert", "revoke", "ab").err()).contains("Missing required option: '--reason=REASON'");
        assertThat(sigil("audit", "list", "--from", "yesterday").err()).contains("not a time: 'yesterday'");
    }

    @Test
    void anOutputFormatTheCommandDoesNotSupportIsAUsageError() {
        CliRun r = sigil("cert", "show", "ab", "--output", "csv");
        CliRun unknown = sigil("cert", "list", "--output", "yaml");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--output csv is not supported by 'sigil cert show' (use table or json or pem)");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown output format 'yaml'");
    }

    @Test
    void usageErrorsNeverShowAStackTrace() {
        for (String[] args : new String[][] {{"--nope"}, {"cert", "revoke"}, {"token", "create", "--name"}}) {
            CliRun r = sigil(args);
            assertThat(r.exitCode()).as(Arrays.toString(args)).isEqualTo(2);
            assertThat(r.err()).as(Arrays.toString(args)).startsWith("error: ").doesNotContain("\tat ");
        }
    }
}
