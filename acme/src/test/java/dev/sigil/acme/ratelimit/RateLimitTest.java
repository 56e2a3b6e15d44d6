package dev.sigil.acme.ratelimit;

import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.testing.AcmeHarness;
import dev.sigil.acme.testing.AcmeTestClient;
import dev.sigil.acme.testing.Flows;
import dev.sigil.acme.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static dev.sigil.acme.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits: token buckets per account and per IP, rateLimited with Retry-After, refilled by time. */
class RateLimitTest {

    @TempDir
    Path dir;

    @Test
    void bucketsRefuseWhenEmptyAndRefillOverTime() {
        MutableClock clock = new MutableClock();
        TokenBuckets buckets = new TokenBuckets(new RateLimit(2, Duration.ofMinutes(1)), clock);
        assertThat(buckets.tryTake("a")).isEmpty();
        assertThat(buckets.tryTake("a")).isEmpty();
        Optional<Duration> wait = buckets.tryTake("a");
        assertThat(wait).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(31)));
        assertThat(buckets.tryTake("b")).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(buckets.check("a")).isEmpty();
        assertThat(buckets.tryTake("a")).isEmpty();
        assertThat(buckets.tryTake("a")).isPresent();
    }

    @Test
    void newOrdersPerAccountAreLimited() throws Exception {
        RateLimitSettings limits = new RateLimitSettings(RateLimitSettings.DEFAULT_NEW_ACCOUNTS_PER_IP,
                RateLimit.perMinute(2), RateLimitSettings.DEFAULT_NEW_ORDERS_PER_IP,
                RateLimitSettings.DEFAULT_FAILED_VALIDATIONS_PER_ACCOUNT);
        try (AcmeHarness acme = AcmeHarness.h2(dir, s -> s.rateLimits(limits))) {
            AcmeTestClient client = acme.client("default");
            Flows.expect(client.register(), 201);
            Flows.expect(client.newOrder("ip:127.0.0.1"), 201);
            Flows.expect(client.newOrder("ip:127.0.0.2"), 201);
            AcmeHttpResponse limited = client.newOrder("ip:127.0.0.3");
            assertProblem(limited, 429, "rateLimited");
            assertThat(limited.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v))
                    .isBetween(29, 31));
            AcmeTestClient other = acme.client("default");
            Flows.expect(other.register(), 201);
            Flows.expect(other.newOrder("ip:127.0.0.3"), 201);
            acme.clock.advance(Duration.ofSeconds(30));
            Flows.expect(client.newOrder("ip:127.0.0.3"), 201);
        }
    }

    @Test
    void newAccountsPerIpAndFailedValidationsAreLimited() throws Exception {
        RateLimitSettings limits = new RateLimitSettings(RateLimit.perHour(2), RateLimitSettings.DEFAULT_NEW_ORDERS_PER_ACCOUNT,
                RateLimitSettings.DEFAULT_NEW_ORDERS_PER_IP, RateLimit.perHour(1));
        try (AcmeHarness acme = AcmeHarness.h2(dir, s -> s.rateLimits(limits))) {
            AcmeTestClient client = acme.client("default");
            Flows.expect(client.register(), 201);
            Flows.expect(acme.client("default").register(), 201);
            AcmeTestClient third = acme.client("default");
            assertProblem(third.register(), 429, "rateLimited");
            assertThat(acme.store.accountByKey("default", third.signer.thumbprint())).isEmpty();
            Flows.expect(client.register(), 200); // finding an existing account costs nothing

            var order = AcmeTestClient.json(client.newOrder("ip:127.0.0.1"));
            var authz = AcmeTestClient.json(client.postAsGet(order.get("authorizations").get(0).asText()));
            var http01 = AcmeTestClient.challenge(authz, "http-01");
            client.postKid(http01.get("url").asText(), "{}"); // nothing provisioned: fails
            client.awaitValidation(http01.get("url").asText());
            var next = AcmeTestClient.json(client.newOrder("ip:127.0.0.2"));
            var authz2 = AcmeTestClient.json(client.postAsGet(next.get("authorizations").get(0).asText()));
            String url = AcmeTestClient.challenge(authz2, "http-01").get("url").asText();
            assertProblem(client.postKid(url, "{}"), 429, "rateLimited");
            assertThat(AcmeTestClient.json(client.postAsGet(url)).get("status").asText()).isEqualTo("pending");
        }
    }
}
