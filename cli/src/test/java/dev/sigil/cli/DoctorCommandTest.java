package dev.sigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.SecretPrompt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sigil doctor} against the in-test HTTPS server. The server's {@code Date} header is the real time (the JDK's
 * server sets it), so clock skew is made by running the CLI with a clock set off from it.
 */
class DoctorCommandTest extends ServerTestBase {

    private static final String HEALTHY = "{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"keys\":\"UP\"}}";

    @BeforeEach
    void healthyServer() {
        server.on("GET", "/api/v1/health", json(200, HEALTHY));
        server.on("GET", "/api/v1/whoami", json(200, "{\"name\":\"admin\",\"role\":\"admin\"}"));
        issuers(Instant.now().plus(Duration.ofDays(3650)), Instant.now().plus(Duration.ofDays(1825)));
    }

    private void issuers(Instant rootNotAfter, Instant intermediateNotAfter) {
        server.on("GET", "/api/v1/issuers", json(200, "{\"items\":["
                + "{\"id\":\"root-7d41\",\"kind\":\"root\",\"subject\":\"CN=Sigil Root\",\"notAfter\":\""
                + rootNotAfter + "\"},"
                + "{\"id\":\"int-3f9a\",\"kind\":\"intermediate\",\"subject\":\"CN=Sigil Issuing\",\"notAfter\":\""
                + intermediateNotAfter + "\"}]}"));
    }

    private CliRun doctor(Map<String, String> env, Clock clock, String... more) {
        String[] args = new String[more.length + 1];
        args[0] = "doctor";
        System.arraycopy(more, 0, args, 1, more.length);
        return CliRun.run(env, InputStream.nullInputStream(), SecretPrompt.NONE, clock, args);
    }

    private CliRun doctor() {
        return doctor(env(), Clock.systemUTC());
    }

    /** The line of one check: {@code status  what  detail}. */
    private static String line(CliRun r, String what) {
        return r.out().lines().filter(l -> l.substring(6).startsWith(what + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + what + " in\n" + r));
    }

    private static Clock offBy(Duration skew) {
        return Clock.fixed(Instant.now().plus(skew), ZoneOffset.UTC);
    }

    @Test
    void aHealthyServerAndSetUpGiveOkOnEveryLine() {
        CliRun r = doctor();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(10).allSatisfy(l -> assertThat(l).startsWith("ok  "));
        assertThat(line(r, "config")).contains("server " + server.url() + " (SIGIL_SERVER)", caFile.toString());
        assertThat(line(r, "DNS")).contains("127.0.0.1");
        assertThat(line(r, "TCP")).contains("connected to 127.0.0.1 port " + server.port());
        assertThat(line(r, "TLS")).contains("CN=sigil test server", "trusted through " + caFile);
        assertThat(line(r, "HTTP")).contains("GET /api/v1/health answered 200");
        assertThat(line(r, "token")).contains("admin (role admin), from SIGIL_TOKEN");
        assertThat(line(r, "clock")).contains("in sync with the server");
        assertThat(line(r, "CA root-7d41")).contains("root CN=Sigil Root expires", "(in 3649 days)");
        assertThat(line(r, "CA int-3f9a")).contains("intermediate CN=Sigil Issuing expires");
        assertThat(line(r, "health")).contains("UP (database UP, keys UP)");
        assertThat(r.out()).doesNotContain(TOKEN);
    }

    @Test
    void aClockTwoMinutesOffWarnsAndTenMinutesOffFails() {
        CliRun ahead = doctor(env(), offBy(Duration.ofMinutes(2)));
        CliRun behind = doctor(env(), offBy(Duration.ofMinutes(-10)));

        assertThat(ahead.exitCode()).as(ahead.toString()).isZero();
        assertThat(line(ahead, "clock")).startsWith("warn").containsPattern("clock is 1?[0-9]{2} s ahead of the"
                + " server's|clock is 2 min [0-9]+ s ahead of the server's").contains("sync the clock");
        assertThat(behind.exitCode()).isEqualTo(1);
        assertThat(line(behind, "clock")).startsWith("FAIL").contains("behind the server's", "more than 5 min");
    }

    @Test
    void anExpiredCaFailsAndOneExpiringSoonWarns() {
        issuers(Instant.now().plus(Duration.ofDays(90)), Instant.now().minus(Duration.ofDays(2)));

        CliRun r = doctor();

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(line(r, "CA root-7d41")).startsWith("warn").contains("inside 180 days");
        assertThat(line(r, "CA int-3f9a")).startsWith("FAIL").contains("expired", "(2 days ago)");
    }

    @Test
    void anUntrustedServerFailsAtTlsWithHowToFixIt() throws Exception {
        TestPki other = TestPki.create(TestPki.loopbackSans());
        Path otherRoot = Files.writeString(dir.resolve("other-root.pem"), other.rootPem());
        Map<String, String> env = env();
        env.put("SIGIL_CA_CERT", otherRoot.toString());

        CliRun r = doctor(env, Clock.systemUTC());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(line(r, "TLS")).startsWith("FAIL").contains("not trusted by " + otherRoot,
                "sigil login --server " + server.url() + " --ca-fingerprint SHA256:");
        assertThat(r.out()).doesNotContain("HTTP ", "token ");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aClosedPortFailsAtTcp() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> env = env();
        env.put("SIGIL_SERVER", "https://127.0.0.1:" + closed);

        CliRun r = doctor(env, Clock.systemUTC());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(line(r, "TCP")).startsWith("FAIL").contains("port " + closed, "is sigil-server running");
        assertThat(r.out().lines()).hasSize(3);
    }

    @Test
    void aRejectedTokenFailsButTheServerIsStillChecked() {
        server.on("GET", "/api/v1/whoami", problem(401, "unauthorized", "Unauthorized", "unknown token"));

        CliRun r = doctor();

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(line(r, "token")).startsWith("FAIL").contains("does not accept the token from SIGIL_TOKEN",
                "sigil login");
        assertThat(line(r, "health")).startsWith("ok");
        assertThat(r.out()).doesNotContain("CA root-7d41").doesNotContain(TOKEN);
    }

    @Test
    void withoutATokenTheConnectionIsCheckedAndTheTokenFails() {
        Map<String, String> env = env();
        env.remove("SIGIL_TOKEN");

        CliRun r = doctor(env, Clock.systemUTC());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(line(r, "TLS")).startsWith("ok");
        assertThat(line(r, "token")).startsWith("FAIL").contains("no API token configured");
        assertThat(server.requests).extracting(TestServer.Request::path).containsExactly("/api/v1/health");
        assertThat(server.requests.get(0).header("Authorization")).isNull();
    }

    @Test
    void anUnhealthyServerFails() {
        server.on("GET", "/api/v1/health", json(503,
                "{\"status\":\"DOWN\",\"checks\":{\"database\":\"DOWN\",\"keys\":\"UP\"}}"));

        CliRun r = doctor();

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(line(r, "health")).startsWith("FAIL").contains("DOWN (database DOWN, keys UP)");
    }

    @Test
    void jsonOutputHasEveryCheckAndTheVerdict() throws Exception {
        issuers(Instant.now().plus(Duration.ofDays(3650)), Instant.now().minus(Duration.ofDays(1)));

        CliRun r = doctor(env(), Clock.systemUTC(), "--output", "json");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode o = parse(r.out());
        assertThat(o.get("ok").asBoolean()).isFalse();
        assertThat(o.get("checks").findValuesAsText("check")).containsExactly("config", "DNS", "TCP", "TLS", "HTTP",
                "token", "clock", "CA root-7d41", "CA int-3f9a", "health");
        assertThat(o.get("checks").get(8).get("status").asText()).isEqualTo("fail");
    }
}
