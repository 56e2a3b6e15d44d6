package dev.sigil.service.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SoftHSM2 tokens for the PKCS#11 tests, each fresh and used by one test.
 *
 * <p>SoftHSM reads {@code SOFTHSM2_CONF} from the process environment and scans its token directory once, when the
 * JVM's PKCS#11 wrapper first initialises the module: a token created after that is invisible to this JVM. So the
 * surefire JVM gets {@code SOFTHSM2_CONF=target/softhsm2.conf} (service/pom.xml), and the first call here, before any
 * SunPKCS11 provider exists, writes that file (pointing at a token directory of this JVM's own) and creates all
 * {@value #POOL} tokens at once. Every PKCS#11 test must take its token from here.
 */
public final class SoftHsm {

    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    /** Distinctive, so that tests can search logs and database dumps for it. */
    public static final String PIN = "hsm-pin-5b7e1d";
    static final String SO_PIN = "5678";
    /** Tokens made up front: more than the PKCS#11 tests need together. */
    static final int POOL = 8;
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");

    /** One initialised token. */
    public record Token(String label, long slot) {
    }

    private static Deque<Token> pool;

    private SoftHsm() {
    }

    /** A token nobody in this JVM has used yet; skips the test (fails it in CI) without SoftHSM2. */
    public static synchronized Token token() throws IOException, InterruptedException {
        Path util = ExternalTools.require("softhsm2-util", "softhsm2");
        if (pool == null) {
            pool = create(util);
        }
        if (pool.isEmpty()) {
            throw new AssertionError("all " + POOL + " SoftHSM tokens are used: raise SoftHsm.POOL");
        }
        return pool.pop();
    }

    private static Deque<Token> create(Path util) throws IOException, InterruptedException {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Files.isRegularFile(LIBRARY)) {
            String why = "SOFTHSM2_CONF is not set for this JVM (service/pom.xml sets it for surefire) or " + LIBRARY
                    + " is missing (Debian package softhsm2)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        Path tokens = Path.of(conf).toAbsolutePath().resolveSibling("softhsm-tokens-" + ProcessHandle.current().pid());
        Files.createDirectories(tokens);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(tokens), "softhsm-cleanup"));
        Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\n", StandardCharsets.US_ASCII);
        Deque<Token> made = new ArrayDeque<>();
        for (int i = 0; i < POOL; i++) {
            String label = "sigil-test-" + i;
            String out = run(util.toString(), "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", SO_PIN);
            Matcher m = SLOT.matcher(out);
            if (!m.find()) {
                throw new AssertionError("softhsm2-util did not say which slot token " + label + " got: " + out);
            }
            made.add(new Token(label, Long.parseLong(m.group(1))));
        }
        return made;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: target/ is removed by mvn clean anyway
        }
    }

    /** Runs a program (softhsm2-util, pkcs11-tool) with this JVM's SOFTHSM2_CONF; returns its output, exit 0 required. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** {@code pkcs11-tool --list-objects} of a token, logged in. */
    public static String listObjects(Token token) throws IOException, InterruptedException {
        Path tool = ExternalTools.require("pkcs11-tool", "opensc");
        return run(tool.toString(), "--module", LIBRARY.toString(), "--slot", Long.toString(token.slot()), "--login",
                "--pin", PIN, "--list-objects");
    }
}
