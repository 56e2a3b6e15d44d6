package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import dev.sigil.service.webhook.ExpiryNotices;
import dev.sigil.service.webhook.NoticeWindow;
import dev.sigil.service.webhook.ReceiverHmac;
import dev.sigil.service.webhook.TestReceiver;
import dev.sigil.service.webhook.WebhookNotifier;
import dev.sigil.service.webhook.WebhookSettings;
import dev.sigil.storage.webhook.DeliveryRecord;
import dev.sigil.storage.webhook.WebhookStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks end to end: a real Sigil whose webhook points at a receiver on loopback that fails the first request.
 * The delivery tests run first, so that the receiver's scripted 500 meets the test event.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookE2eTest {

    static final String SECRET = "e2e-webhook-secret-0123456789abcdef";
    /** Upper bound for the scheduler (polling every second, retrying after 1-2 s) to get a delivery through. */
    static final Duration DELIVERY_LIMIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestReceiver receiver;
    static SigilServer server;
    static ApiClient api;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        receiver = new TestReceiver(500);
        server = TestServer.start(dir.resolve("data"), Map.of(
                "sigil.webhook.url", receiver.url().toString(),
                "sigil.webhook.secret", SECRET,
                "sigil.webhook.retry-base", "1s",
                "sigil.webhook.poll-interval", "1s"));
        api = new ApiClient(server.started().rootPem(), server.httpsPort());
        admin = TestServer.adminToken(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        receiver.close();
    }

    static List<TestReceiver.Received> requestsFor(String deliveryId) {
        return receiver.received().stream().filter(r -> deliveryId.equals(r.header("X-Sigil-Delivery"))).toList();
    }

    static JsonNode awaitDelivered(String id) throws Exception {
        long end = System.nanoTime() + DELIVERY_LIMIT.toNanos();
        JsonNode d;
        do {
            HttpResponse<String> r = api.get("/api/v1/webhooks/deliveries/" + id, admin);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            d = JSON.readTree(r.body());
            if (!d.path("state").asText().equals("PENDING")) {
                return d;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        return d;
    }

    @Test
    @Order(1)
    void aRefusedDeliveryIsRetriedAndRecordedDeliveredWithAVerifiableSignature() throws Exception {
        HttpResponse<String> created = api.postJson("/api/v1/webhooks/test", admin, "{}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = JSON.readTree(created.body()).path("id").asText();
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/webhooks/deliveries/" + id);

        JsonNode d = awaitDelivered(id);

        assertThat(d.path("state").asText()).isEqualTo("DELIVERED");
        assertThat(d.path("attempts").asInt()).isEqualTo(2);
        assertThat(d.path("lastStatus").asInt()).isEqualTo(204);
        assertThat(d.path("payload").path("type").asText()).isEqualTo("webhook.test");
        assertThat(d.path("payload").path("data").path("requestedBy").asText()).isNotEmpty();
        List<TestReceiver.Received> got = requestsFor(id);
        assertThat(got).hasSize(2);
        for (TestReceiver.Received r : got) {
            assertThat(r.header("X-Sigil-Event")).isEqualTo("webhook.test");
            assertThat(r.header("X-Sigil-Signature"))
                    .isEqualTo(ReceiverHmac.expectedSignature(SECRET, r.header("X-Sigil-Timestamp"), r.body()));
            assertThat(JSON.readTree(r.body())).isEqualTo(d.path("payload"));
        }
        assertThat(got.get(0).body()).as("every attempt sends the same body").isEqualTo(got.get(1).body());

        HttpResponse<String> listed = api.get("/api/v1/webhooks/deliveries?state=delivered&limit=10", admin);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(id).doesNotContain(SECRET).doesNotContain("\"payload\"");
        assertThat(api.get("/api/v1/webhooks/deliveries/" + id, admin).body()).doesNotContain(SECRET);
    }

    @Test
    @Order(2)
    void apiErrorsAreProblems() throws Exception {
        HttpResponse<String> missing = api.get("/api/v1/webhooks/deliveries/wh_nope", admin);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
        HttpResponse<String> badState = api.get("/api/v1/webhooks/deliveries?state=lost", admin);
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.body()).contains("pending, delivered, failed");
        assertThat(api.get("/api/v1/webhooks/deliveries", null).statusCode()).isEqualTo(401);

        assertThat(api.postJson("/api/v1/webhooks/deliveries/wh_nope/retry", admin, "{}").statusCode()).isEqualTo(404);
        String delivered = JSON.readTree(api.get("/api/v1/webhooks/deliveries?state=delivered&limit=1", admin).body())
                .path("items").path(0).path("id").asText();
        HttpResponse<String> notFailed = api.postJson("/api/v1/webhooks/deliveries/" + delivered + "/retry", admin, "{}");
        assertThat(notFailed.statusCode()).as(notFailed.body()).isEqualTo(409);
        assertThat(notFailed.body()).contains("only a FAILED delivery can be retried");
    }

    String issue(String san, String ttl) throws Exception {
        String csr = TestCsrs.csr(KeyType.EC_P256, "CN=" + san, san);
        HttpResponse<String> r = api.postJson("/api/v1/certificates", admin, JSON.writeValueAsString(
                Map.of("csr", csr, "profile", "server", "ttl", ttl, "owner", "team-x")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = JSON.readTree(r.body());
        return c.path("issuer").asText() + "/" + c.path("serial").asText();
    }

    @Test
    @Order(3)
    void expiryNoticesAreRecordedOncePerCertificateAndWindowAndNotForASupersededOne() throws Exception {
        String superseded = issue("renewed.internal", "2d");
        String renewal = issue("renewed.internal", "5d");
        String single = issue("single.internal", "3d");
        WebhookStore store = server.database().webhooks();
        ExpiryNotices notices = new ExpiryNotices(store, new WebhookNotifier(store, Clock.systemUTC()),
                NoticeWindow.parseAll(WebhookSettings.DEFAULT_WINDOWS), WebhookSettings.INTERNAL_PROFILES, Clock.systemUTC());

        assertThat(notices.run()).isEqualTo(2);
        assertThat(notices.run()).as("a second run").isZero();

        List<DeliveryRecord> expiring = store.list(Optional.empty(), 1000).stream()
                .filter(d -> d.event().equals(ExpiryNotices.EVENT)).toList();
        // the 2d certificate was renewed (same names and owner, later notAfter): no notice for it
        assertThat(expiring).extracting(DeliveryRecord::subject).containsExactlyInAnyOrder(renewal, single)
                .doesNotContain(superseded);
        for (DeliveryRecord d : expiring) {
            assertThat(JSON.readTree(d.payload()).path("data").path("window").asText()).isEqualTo("7d");
        }

        // and the scheduler delivers them, signed
        String id = expiring.stream().filter(d -> d.subject().equals(single)).findFirst().orElseThrow().id();
        assertThat(awaitDelivered(id).path("state").asText()).isEqualTo("DELIVERED");
        TestReceiver.Received r = requestsFor(id).getFirst();
        assertThat(r.header("X-Sigil-Event")).isEqualTo("certificate.expiring");
        assertThat(r.header("X-Sigil-Signature"))
                .isEqualTo(ReceiverHmac.expectedSignature(SECRET, r.header("X-Sigil-Timestamp"), r.body()));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("single.internal").contains("team-x");
    }
}
