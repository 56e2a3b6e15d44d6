package dev.sigil.service;

import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.logging.JsonLogFormatter;
import io.helidon.logging.common.LogConfig;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** {@code sigil-server [--config FILE]}: starts Sigil and runs until stopped. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        int code = run(args, System.getenv(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs Sigil with the given environment; returns only on a start-up failure (exit code) or after shutdown. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Optional<Path> configFile;
        try {
            configFile = configFile(args, env);
        } catch (IllegalArgumentException e) {
            err.println("sigil-server: " + e.getMessage());
            err.println("usage: sigil-server [--config FILE]   (also SIGIL_CONFIG; default ./sigil.yaml if present)");
            return 2;
        }
        SigilServer server;
        try {
            SigilConfig config = SigilConfig.load(configFile, env, Map.of());
            logFormat(config);
            server = SigilServer.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            // Start-up errors are configuration or environment problems: one clear line, no stack trace.
            err.println("sigil-server: cannot start: " + e.getMessage());
            if (env.containsKey("SIGIL_DEBUG")) {
                e.printStackTrace(err);
            }
            return 1;
        }
        banner(server, out);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }, "sigil-shutdown"));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code sigil.log.format}: text (logging.properties as it is) or json. */
    static void logFormat(SigilConfig config) {
        switch (config.string(ConfigKeys.LOG_FORMAT, "text")) {
            case "text" -> { }
            case "json" -> JsonLogFormatter.install();
            default -> throw new IllegalArgumentException(ConfigKeys.LOG_FORMAT + " must be text or json, not '"
                    + config.string(ConfigKeys.LOG_FORMAT, "") + "'");
        }
    }

    static Optional<Path> configFile(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--config needs a file");
                    }
                    return Optional.of(Path.of(args[i + 1]));
                }
                case "-h", "--help" -> throw new IllegalArgumentException("starts the Sigil CA service");
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (env.containsKey(SigilConfig.CONFIG_FILE_ENV)) {
            return Optional.of(Path.of(env.get(SigilConfig.CONFIG_FILE_ENV)));
        }
        Path local = Path.of(SigilConfig.DEFAULT_CONFIG_FILE);
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    private static void banner(SigilServer server, PrintStream out) {
        SigilServer.Started s = server.started();
        out.println();
        out.println("Sigil is running.");
        out.println("  admin API   https://localhost:" + server.httpsPort() + "/api/v1");
        server.acme().ifPresent(acme -> acme.directories().forEach(d -> out.println("  ACME        https://localhost:"
                + server.httpsPort() + "/acme/" + d.name() + "/directory" + (d.eabRequired() ? "   (EAB required)" : ""))));
        out.println("  CRLs, CAs   http://localhost:" + server.httpPort() + "/      OCSP: http://localhost:"
                + server.httpPort() + "/ocsp");
        out.println("  health      http://localhost:" + server.observePort() + "/health   metrics: /metrics");
        out.println("  data dir    " + s.dataDir());
        out.println("  root CA     " + s.rootPem() + (s.caCreated() ? "   (created now)" : ""));
        out.println("  root SHA-256 fingerprint " + s.rootFingerprint());
        if (s.adminTokenCreated()) {
            out.println("  admin token written to " + s.dataDir().resolve("admin-token") + " (mode 0600)");
        }
        out.println("  CA keys     " + s.keyCustody());
        if (s.passphraseGenerated()) {
            // With PKCS#11 custody the passphrase still protects the managed-certificate key-encryption key.
            out.println("  " + (s.keyCustody().startsWith("PKCS#11") ? "managed-certificate keys" : "CA keys")
                    + " are encrypted with a generated passphrase in " + s.passphraseOrigin().replace("generated file ", "")
                    + " (mode 0600).");
            out.println("  For production, move it out of the data directory and set SIGIL_KEY_PASSPHRASE or sigil.key.passphrase-file.");
        } else {
            out.println("  CA key passphrase: " + s.passphraseOrigin());
        }
        out.println("  try:  bin/sigil cert list");
        out.println();
    }
}
