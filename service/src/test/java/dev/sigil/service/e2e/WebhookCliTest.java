package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.Cli;
import dev.sigil.service.testing.TestServer;
import dev.sigil.service.webhook.TestReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sigil webhook test|list|show|retry} against a real Sigil whose webhook receiver refuses the first request:
 * with one attempt per round the delivery fails, the operator finds it, reads why, retries it, and it arrives.
 */
class WebhookCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void anOperatorFindsAFailedDeliveryReadsWhyAndRetriesIt() throws Exception {
        try (TestReceiver receiver = new TestReceiver(500)) {
            SigilServer server = TestServer.start(dir.resolve("data"), Map.of(
                    "sigil.webhook.url", receiver.url().toString(),
                    "sigil.webhook.secret", "cli-webhook-secret-0123456789",
                    "sigil.webhook.max-attempts", "1",
                    "sigil.webhook.retry-base", "1s",
                    "sigil.webhook.poll-interval", "1s"));
            try {
                Map<String, String> env = TestServer.cliEnv(server, dir);
                Cli.Result queued = Cli.run(env, "webhook", "test");
                assertThat(queued.exit()).as(queued.toString()).isZero();
                Matcher m = Pattern.compile("delivery (wh_[A-Za-z0-9_-]+)").matcher(queued.out());
                assertThat(m.find()).as(queued.out()).isTrue();
                String id = m.group(1);

                JsonNode failed = awaitState(env, id, "FAILED");
                assertThat(failed.path("lastStatus").asInt()).isEqualTo(500);
                Cli.Result list = Cli.run(env, "webhook", "list", "--state", "failed");
                assertThat(list.exit()).as(list.toString()).isZero();
                assertThat(list.out()).contains(id).contains("webhook.test").contains("failed");
                Cli.Result show = Cli.run(env, "webhook", "show", id);
                assertThat(show.out()).contains("FAILED").contains("500").contains("payload:")
                        .contains("\"type\" : \"webhook.test\"");

                Cli.Result retry = Cli.run(env, "webhook", "retry", id);
                assertThat(retry.exit()).as(retry.toString()).isZero();
                assertThat(retry.out()).contains(id).contains("pending again");
                JsonNode delivered = awaitState(env, id, "DELIVERED");
                assertThat(delivered.path("lastStatus").asInt()).isEqualTo(204);
                assertThat(receiver.received()).hasSize(2);

                Cli.Result again = Cli.run(env, "webhook", "retry", id);
                assertThat(again.exit()).as("only a failed delivery can be retried: " + again).isEqualTo(1);
                assertThat(again.err()).contains("only a FAILED delivery can be retried").doesNotContain("\tat ");
                assertThat(Cli.run(env, "webhook", "show", "wh_nosuch").exit()).isEqualTo(3);
                Cli.Result bad = Cli.run(env, "webhook", "show", "../tokens");
                assertThat(bad.exit()).isEqualTo(2);
                assertThat(bad.err()).contains("not a delivery id");
            } finally {
                server.close();
            }
        }
    }

    static JsonNode awaitState(Map<String, String> env, String id, String state) throws Exception {
        long end = System.nanoTime() + LIMIT.toNanos();
        JsonNode d;
        do {
            Cli.Result r = Cli.run(env, "webhook", "show", id, "--output", "json");
            assertThat(r.exit()).as(r.toString()).isZero();
            d = JSON.readTree(r.out());
            if (d.path("state").asText().equals(state)) {
                return d;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        throw new AssertionError("delivery " + id + " not " + state + " within " + LIMIT + ": " + d);
    }
}
