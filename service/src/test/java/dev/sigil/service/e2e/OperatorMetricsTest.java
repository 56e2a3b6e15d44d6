package dev.sigil.service.e2e;

import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.Acme4jClients;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters an operator pages on that are not tied to issuance (README, Metrics): ACME answers by resource, status
 * and problem type; the database pool (HikariCP's own meters); scheduled jobs' start lag and last success. Real
 * server, real requests, values read back from /metrics.
 */
class OperatorMetricsTest {

    @TempDir
    Path dir;

    @Test
    void acmeAnswersThePoolAndTheJobsAreOnMetrics() throws Exception {
        SigilServer server = TestServer.start(dir.resolve("data"), Map.of());
        try {
            ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());
            assertThat(api.get("/acme/default/directory", null).statusCode()).isEqualTo(200);
            assertThat(api.get("/acme/default/directory", null).statusCode()).isEqualTo(200);
            // A JWS that is not one: 400 malformed, counted under new-account.
            HttpResponse<String> bad = api.send("POST", "/acme/default/new-account", null, "application/jose+json",
                    "{\"protected\":\"x\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(api.get("/acme/default/no-such-thing", null).statusCode()).isEqualTo(404);

            String metrics = scrapeUntil(server, "sigil_jobs_last_success_seconds\\{job=\"crl-tick\"}");
            assertThat(value(metrics, "sigil_acme_requests_total\\{problem=\"none\",resource=\"directory\","
                    + "status=\"200\"}")).isEqualTo(2.0);
            assertThat(value(metrics, "sigil_acme_requests_total\\{problem=\"malformed\",resource=\"new-account\","
                    + "status=\"400\"}")).isEqualTo(1.0);
            assertThat(metrics).containsPattern("sigil_acme_requests_total\\{problem=\"[A-Za-z]+\",resource=\"other\","
                    + "status=\"404\"}");
            // HikariCP's pool, tagged with its name: saturation is pending > 0 or active == max.
            assertThat(value(metrics, "hikaricp_connections_max\\{pool=\"sigil-db\"}")).isGreaterThan(0);
            assertThat(metrics).containsPattern("hikaricp_connections_pending\\{pool=\"sigil-db\"} [0-9.]+")
                    .containsPattern("hikaricp_connections_active\\{pool=\"sigil-db\"} [0-9.]+");
            // Jobs: how late each started, and when it last succeeded on this node.
            assertThat(value(metrics, "sigil_jobs_lag_seconds_count\\{job=\"crl-tick\"}")).isGreaterThanOrEqualTo(1);
            double lastSuccess = value(metrics, "sigil_jobs_last_success_seconds\\{job=\"crl-tick\"}");
            assertThat(lastSuccess).isBetween(System.currentTimeMillis() / 1000.0 - 120,
                    System.currentTimeMillis() / 1000.0 + 5);
        } finally {
            server.close();
        }
    }

    @Test
    void acmeValidationsThatFailAndPassAreCountedByChallengeTypeAndOutcome() throws Exception {
        try (Acme4jClients acme = Acme4jClients.start()) {
            SigilServer server = TestServer.start(dir.resolve("data"), acme.validationOverrides());
            try {
                URI directory = URI.create("https://localhost:" + server.httpsPort() + "/acme/default/directory");
                // Failing: the responder was never told the key authorization, so it answers 404.
                Account failing = acme.register(directory, server.started().rootPem());
                Order order = failing.newOrder().identifier(Identifier.ip("127.0.0.1")).create();
                Http01Challenge challenge = order.getAuthorizations().getFirst().findChallenge(Http01Challenge.class)
                        .orElseThrow();
                challenge.trigger();
                assertThat(challenge.waitForCompletion(Acme4jClients.TIMEOUT)).isEqualTo(Status.INVALID);
                // Passing: a whole order, finalized and issued.
                Account passing = acme.register(directory, server.started().rootPem());
                assertThat(acme.issue(passing).getSubjectX500Principal()).isNotNull();

                String metrics = scrapeUntil(server, "sigil_acme_validations_total\\{challenge=\"http-01\",problem=\"[A-Za-z]+\","
                        + "result=\"valid\"}");
                assertThat(value(metrics, "sigil_acme_validations_total\\{challenge=\"http-01\",problem=\"none\","
                        + "result=\"valid\"}")).isEqualTo(1.0);
                Matcher invalid = Pattern.compile("(?m)^sigil_acme_validations_total\\{challenge=\"http-01\","
                        + "problem=\"([A-Za-z]+)\",result=\"invalid\"} ([0-9.]+)$").matcher(metrics);
                assertThat(invalid.find()).as(metrics).isTrue();
                assertThat(invalid.group(1)).as("the invalid validation's problem type").isNotEqualTo("none");
                assertThat(Double.parseDouble(invalid.group(2))).isEqualTo(1.0);
                assertThat(value(metrics, "sigil_acme_requests_total\\{problem=\"none\",resource=\"finalize\","
                        + "status=\"200\"}")).isEqualTo(1.0);
                assertThat(value(metrics, "sigil_acme_requests_total\\{problem=\"none\",resource=\"chall\","
                        + "status=\"200\"}")).as("both triggers").isGreaterThanOrEqualTo(2.0);
                assertThat(metrics).containsPattern("(?m)^sigil_certificates_issued_total\\{issuer=\"[^\"]+\","
                        + "profile=\"[^\"]+\"} 1\\.0$");
            } finally {
                server.close();
            }
        }
    }

    /** The first job runs shortly after start: /metrics is read until {@code pattern} appears (at most 30 s). */
    private static String scrapeUntil(SigilServer server, String pattern) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String metrics;
        do {
            metrics = new String(ApiClient.plainGet("http://127.0.0.1:" + server.observePort() + "/metrics").body());
            if (Pattern.compile(pattern).matcher(metrics).find()) {
                return metrics;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + pattern + " on /metrics within 30 s:\n" + metrics);
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.Ee+-]+)$").matcher(metrics);
        assertThat(m.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
