package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.logging.RedactingFilter;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a server through everything that handles a secret (CA key passphrase, API tokens, a wrong token, an EAB HMAC
 * key, a managed certificate's private key, the webhook signing secret with a webhook that fails, the encrypted CA
 * key files) with every Sigil logger at ALL and the others at their configured levels, and then searches everything
 * that was logged, stack traces included, for each secret. Helidon runs at ALL too (it prints request headers at
 * FINE and bodies at FINER), behind the {@link RedactingFilter} that logging.properties installs.
 */
class SecretsStayOutOfLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Collects every record as the console would print it, stack traces included. */
    static final class Capture extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();
        final List<String> records = new ArrayList<>();
        final Set<String> loggers = new HashSet<>();

        @Override
        public synchronized void publish(LogRecord r) {
            if (!isLoggable(r)) { // level and filter, as the console handler checks them
                return;
            }
            records.add(formatter.format(r));
            if (r.getLoggerName() != null) {
                loggers.add(r.getLoggerName());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        synchronized String text() {
            return String.join("", records);
        }
    }

    @Test
    void noSecretReachesTheLogs() throws Exception {
        String passphrase = "pp-" + random();
        String webhookSecret = "wh-" + random();
        String wrongToken = "sgl_" + random();
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        // What logging.properties puts on the console handler; with it, even Helidon at ALL (headers at FINE, bodies
        // at FINER) leaks nothing.
        capture.setFilter(new RedactingFilter());
        Logger root = Logger.getLogger("");
        Logger sigil = Logger.getLogger("dev.sigil");
        Logger helidon = Logger.getLogger("io.helidon");
        Level before = sigil.getLevel();
        Level helidonBefore = helidon.getLevel();
        root.addHandler(capture);
        sigil.setLevel(Level.ALL);
        helidon.setLevel(Level.ALL);
        Map<String, String> secrets = new LinkedHashMap<>();
        try {
            SigilServer server = TestServer.start(dir.resolve("data"), Map.of("sigil.key.passphrase", passphrase,
                    "sigil.webhook.url", "http://127.0.0.1:9/hook", "sigil.webhook.secret", webhookSecret,
                    "sigil.webhook.poll-interval", "1s", "sigil.webhook.retry-base", "1s"));
            try {
                ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());
                String admin = TestServer.adminToken(server);
                secrets.put("passphrase", passphrase);
                secrets.put("webhook secret", webhookSecret);
                secrets.put("admin token", admin);
                secrets.put("wrong token", wrongToken);
                assertThat(api.get("/api/v1/certificates", wrongToken).statusCode()).isEqualTo(401);

                HttpResponse<String> token = api.postJson("/api/v1/tokens", admin, "{\"name\":\"ops\",\"role\":\"operator\"}");
                assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
                String operator = JSON.readTree(token.body()).path("token").asText();
                secrets.put("operator token", operator);

                HttpResponse<String> eab = api.postJson("/api/v1/acme/directories/default/eab-keys", operator, "{}");
                assertThat(eab.statusCode()).as(eab.body()).isEqualTo(201);
                secrets.put("EAB HMAC key", JSON.readTree(eab.body()).path("hmacKey").asText());

                String csr = TestCsrs.csr(KeyType.EC_P256, "CN=logs.internal", "logs.internal");
                HttpResponse<String> issued = api.postJson("/api/v1/certificates", operator,
                        JSON.writeValueAsString(Map.of("csr", csr, "profile", "server")));
                assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
                String serial = JSON.readTree(issued.body()).path("serial").asText();
                assertThat(api.postJson("/api/v1/certificates/" + serial + "/revoke", operator,
                        "{\"reason\":\"keyCompromise\"}").statusCode()).isEqualTo(200);

                HttpResponse<String> managed = api.postJson("/api/v1/managed", operator, JSON.writeValueAsString(Map.of(
                        "name", "logs", "commonName", "logs.internal", "sans", List.of("dns:logs.internal"),
                        "lifetime", "30d")));
                assertThat(managed.statusCode()).as(managed.body()).isEqualTo(201);
                HttpResponse<String> workload = api.postJson("/api/v1/managed/logs/tokens", admin, "{\"name\":\"logs-wl\"}");
                String workloadToken = JSON.readTree(workload.body()).path("secret").asText();
                secrets.put("workload token", workloadToken);
                HttpResponse<String> credential = api.get("/api/v1/managed/logs/credential", workloadToken);
                assertThat(credential.statusCode()).as(credential.body()).isEqualTo(200);
                secrets.putAll(base64Lines("managed private key",
                        JSON.readTree(credential.body()).path("privateKey").asText(), "PRIVATE KEY"));
                assertThat(secrets).as("the managed key was found in the credential").containsKey("managed private key line 1");

                try (Stream<Path> files = Files.list(server.started().dataDir().resolve("ca"))) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".key.pem")).toList()) {
                        secrets.putAll(base64Lines(f.getFileName().toString(), Files.readString(f), "PRIVATE KEY"));
                    }
                }
                // A webhook delivery to a closed port fails and is retried: its failure is logged, its secret not.
                api.postJson("/api/v1/webhooks/test", operator, "{}");
                Thread.sleep(2_500);
            } finally {
                server.close();
            }
        } finally {
            root.removeHandler(capture);
            sigil.setLevel(before);
            helidon.setLevel(helidonBefore);
        }

        String logs = capture.text();
        assertThat(capture.records).as("records captured").hasSizeGreaterThan(5);
        assertThat(capture.loggers).as("Sigil's own loggers were captured").anyMatch(n -> n.startsWith("dev.sigil"));
        assertThat(capture.loggers).as("and Helidon's debug output").anyMatch(n -> n.startsWith("io.helidon"));
        assertThat(secrets).hasSizeGreaterThan(10);
        // Whole, or any 12 characters of one in a row (a dump can cut a secret into rows).
        List<String> leaked = secrets.entrySet().stream().filter(e -> leaked(logs, e.getValue())).map(Map.Entry::getKey)
                .toList();
        assertThat(leaked).as("secrets found in %d log records", capture.records.size()).isEmpty();
        assertThat(logs).doesNotContain("PRIVATE KEY").doesNotContainPattern("(?i)bearer +(?!\\[redacted])\\S")
                .contains("Bearer [redacted]"); // Helidon did print the header, redacted
    }

    static boolean leaked(String logs, String secret) {
        if (logs.contains(secret)) {
            return true;
        }
        for (int i = 0; i + 12 <= secret.length(); i++) {
            if (logs.contains(secret.substring(i, i + 12))) {
                return true;
            }
        }
        return false;
    }

    /** The base64 lines (at least 40 characters) inside PEM blocks whose label contains {@code label}. */
    static Map<String, String> base64Lines(String what, String pem, String label) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean inside = false;
        int n = 0;
        for (String line : pem.split("\r?\n")) {
            if (line.startsWith("-----BEGIN ") && line.contains(label)) {
                inside = true;
            } else if (line.startsWith("-----END ")) {
                inside = false;
            } else if (inside && line.length() >= 40 && !line.contains(":")) {
                out.put(what + " line " + (++n), line.strip());
            }
        }
        return out;
    }

    static String random() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
