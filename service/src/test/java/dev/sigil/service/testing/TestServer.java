package dev.sigil.service.testing;

import dev.sigil.service.SigilServer;
import dev.sigil.service.config.SigilConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Starts a real Sigil (all three listeners, on free loopback ports) on a data directory and database of the test's. */
public final class TestServer {

    private TestServer() {
    }

    /**
     * @param dataDir   the data directory (keys, root.pem, admin-token; the H2 database unless db overrides are given)
     * @param overrides extra config keys (e.g. sigil.db.url for MariaDB)
     */
    public static SigilServer start(Path dataDir, Map<String, String> overrides) {
        Map<String, String> o = new HashMap<>();
        o.put("sigil.data-dir", dataDir.toString());
        o.put("sigil.server.host", "127.0.0.1");
        o.put("sigil.server.https-port", "0");
        o.put("sigil.server.http-port", "0");
        o.put("sigil.server.observe-port", "0");
        o.put("sigil.crl.revocation-delay", "1s"); // tests wait for the republication after a revoke
        o.putAll(overrides);
        // Port 0 is resolved to a free port before binding (CDP/AIA URLs must name it), so another process on the
        // machine can take it in between; that start fails with a BindException and is simply tried again.
        for (int attempt = 1; ; attempt++) {
            try {
                return SigilServer.start(SigilConfig.load(Optional.empty(), Map.of(), o), Clock.systemUTC());
            } catch (RuntimeException e) {
                if (attempt >= 3 || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    public static String adminToken(SigilServer server) throws Exception {
        return Files.readString(server.started().dataDir().resolve("admin-token"), StandardCharsets.US_ASCII).strip();
    }

    /** The environment the CLI gets in end-to-end tests: the server, its root and the admin token file. */
    public static Map<String, String> cliEnv(SigilServer server, Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("SIGIL_SERVER", "https://localhost:" + server.httpsPort());
        env.put("SIGIL_CA_CERT", server.started().rootPem().toString());
        env.put("SIGIL_TOKEN_FILE", server.started().dataDir().resolve("admin-token").toString());
        env.put("HOME", home.toString());
        env.put("PWD", home.toString());
        return env;
    }
}
