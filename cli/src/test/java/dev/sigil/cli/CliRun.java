package dev.sigil.cli;

import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.Prompter;
import dev.sigil.cli.command.SecretPrompt;
import picocli.CommandLine.Help;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs the CLI in-process with captured streams and a fixed clock. */
record CliRun(int exitCode, String out, String err) {

    /** "Now" in every CLI test. */
    static final Instant NOW = Instant.parse("2026-11-23T20:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static CliRun run(Map<String, String> env, String... args) {
        return run(Prompter.NONE, env, args);
    }

    /** As {@link #run(Map, String...)}, with {@code prompter} standing in for (or ruling out) a terminal. */
    static CliRun run(Prompter prompter, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CliContext ctx = new CliContext(o, e, env, CLOCK, new BufferedReader(Reader.nullReader()),
                    prompter.interactive(), prompter, SecretPrompt.NONE);
            int code = SigilCli.run(args, ctx, Help.Ansi.OFF);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** As {@link #run}, with stdin fed from {@code stdin} and the terminal state chosen. */
    static CliRun withInput(Map<String, String> env, String stdin, boolean interactive, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CliContext ctx = new CliContext(o, e, env, CLOCK,
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), interactive);
            int code = SigilCli.run(args, ctx, Help.Ansi.OFF);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** As {@link #run(Map, String...)}, with standard input, a terminal (or {@link SecretPrompt#NONE}) and a clock. */
    static CliRun run(Map<String, String> env, InputStream in, SecretPrompt prompt, Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = SigilCli.run(args, new CliContext(o, e, env, clock, in, prompt), Help.Ansi.OFF);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Standard input holding {@code text}. */
    static InputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
}
