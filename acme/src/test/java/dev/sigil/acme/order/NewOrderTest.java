package dev.sigil.acme.order;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.testing.AcmeHarness;
import dev.sigil.acme.testing.AcmeTestClient;
import dev.sigil.acme.testing.Flows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import static dev.sigil.acme.testing.AcmeTestClient.json;
import static dev.sigil.acme.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** newOrder: identifiers (RFC 8738, wildcards), policy, validity window, authorization reuse. */
class NewOrderTest {

    @TempDir
    Path dir;
    AcmeHarness acme;
    AcmeTestClient client;

    @BeforeEach
    void start() throws Exception {
        acme = AcmeHarness.h2(dir, s -> s.directory(DirectorySettings.builder("short", "server")
                .challengeTypes(Set.of("http-01")).maxCertificateLifetime(Duration.ofDays(10)).build()));
        client = acme.client("default");
        Flows.expect(client.register(), 201);
    }

    @AfterEach
    void stop() {
        acme.close();
    }

    @Test
    void identifiersAreCanonicalAndDeduplicated() {
        AcmeHttpResponse response = client.newOrder("dns:WWW.Example.COM", "dns:www.example.com", "ip:0:0:0:0:0:0:0:1",
                "ip:::1", "ip:10.0.0.7");
        assertThat(response.status()).as(response.bodyText()).isEqualTo(201);
        JsonNode identifiers = json(response).get("identifiers");
        assertThat(identifiers.findValuesAsText("value")).containsExactly("www.example.com", "::1", "10.0.0.7");
        assertThat(json(response).get("authorizations")).hasSize(3);
    }

    @Test
    void badIdentifiersAreReportedTogetherAsSubproblems() {
        JsonNode problem = assertProblem(client.newOrder("dns:bad_name.example", "dns:example.com.",
                "dns:ok.example"), 400, "rejectedIdentifier");
        JsonNode subproblems = problem.get("subproblems");
        assertThat(subproblems).hasSize(2);
        assertThat(subproblems.get(0).at("/identifier/value").asText()).isEqualTo("bad_name.example");
        assertThat(subproblems.get(1).at("/identifier/value").asText()).isEqualTo("example.com.");
        assertThat(subproblems.get(0).get("type").asText()).isEqualTo("urn:ietf:params:acme:error:rejectedIdentifier");
        JsonNode mixed = assertProblem(client.newOrder("email:a@example.com", "dns:-bad.example"), 403, "compound");
        assertThat(java.util.stream.StreamSupport.stream(mixed.get("subproblems").spliterator(), false)
                .map(p -> p.get("type").asText()).toList()).containsExactly(
                "urn:ietf:params:acme:error:unsupportedIdentifier", "urn:ietf:params:acme:error:rejectedIdentifier");
        assertProblem(client.newOrder("dns:*.*.example.com"), 400, "rejectedIdentifier");
        assertProblem(client.newOrder("dns:www.*.example.com"), 400, "rejectedIdentifier");
        assertProblem(client.newOrder("ip:10.0.0.256"), 400, "rejectedIdentifier");
        assertProblem(client.newOrder("ip:010.0.0.1"), 400, "rejectedIdentifier");
        assertProblem(client.newOrder("dns:10.0.0.1"), 400, "rejectedIdentifier");
        assertProblem(client.postKid(client.url("/new-order"), "{\"identifiers\":[]}"), 400, "malformed");
        assertThat(json(client.postAsGet(client.accountUrl + "/orders")).get("orders")).isEmpty();
    }

    @Test
    void theCaPolicyRefusesWithSubproblemsPerIdentifier() {
        JsonNode problem = assertProblem(client.newOrder("dns:a.forbidden.test", "dns:fine.example",
                "dns:b.forbidden.test"), 400, "rejectedIdentifier");
        assertThat(problem.get("subproblems").findValuesAsText("value"))
                .containsExactly("a.forbidden.test", "b.forbidden.test");
        assertThat(problem.get("subproblems").get(0).get("detail").asText()).contains("forbidden.test");
        assertThat(json(client.postAsGet(client.accountUrl + "/orders")).get("orders")).isEmpty();
    }

    @Test
    void wildcardsGetADns01OnlyAuthorizationForTheBaseName() {
        AcmeHttpResponse response = client.newOrder("dns:*.example.com", "dns:example.com");
        assertThat(response.status()).as(response.bodyText()).isEqualTo(201);
        JsonNode order = json(response);
        assertThat(order.get("identifiers").get(0).get("value").asText()).isEqualTo("*.example.com");
        JsonNode wildcard = json(client.postAsGet(order.get("authorizations").get(0).asText()));
        assertThat(wildcard.at("/identifier/value").asText()).isEqualTo("example.com");
        assertThat(wildcard.get("wildcard").asBoolean()).isTrue();
        assertThat(wildcard.get("challenges").findValuesAsText("type")).containsExactly("dns-01");
        JsonNode plain = json(client.postAsGet(order.get("authorizations").get(1).asText()));
        assertThat(plain.has("wildcard")).isFalse();
        assertThat(plain.get("challenges").findValuesAsText("type")).containsExactly("http-01", "dns-01",
                "tls-alpn-01");
        JsonNode token = plain.get("challenges").get(0).get("token");
        assertThat(token.asText()).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void aWildcardWhereDns01IsNotOfferedIsRejected() {
        AcmeTestClient other = acme.client("short");
        Flows.expect(other.register(), 201);
        JsonNode problem = assertProblem(other.newOrder("dns:*.example.com"), 400, "rejectedIdentifier");
        assertThat(problem.get("detail").asText()).contains("dns-01");
    }

    @Test
    void notBeforeAndNotAfterAreHonouredWithinLimits() {
        Instant now = acme.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String nb = now.plus(Duration.ofDays(1)).toString();
        String na = now.plus(Duration.ofDays(5)).toString();
        AcmeHttpResponse ok = client.postKid(client.url("/new-order"), "{\"identifiers\":[{\"type\":\"ip\","
                + "\"value\":\"127.0.0.1\"}],\"notBefore\":\"" + nb + "\",\"notAfter\":\"" + na + "\"}");
        assertThat(ok.status()).as(ok.bodyText()).isEqualTo(201);
        assertThat(json(ok).get("notBefore").asText()).isEqualTo(nb);
        assertThat(json(ok).get("notAfter").asText()).isEqualTo(na);
        assertProblem(client.postKid(client.url("/new-order"), "{\"identifiers\":[{\"type\":\"ip\",\"value\":"
                + "\"127.0.0.1\"}],\"notBefore\":\"" + na + "\",\"notAfter\":\"" + nb + "\"}"), 400, "malformed");
        assertProblem(client.postKid(client.url("/new-order"), "{\"identifiers\":[{\"type\":\"ip\",\"value\":"
                + "\"127.0.0.1\"}],\"notBefore\":\"tomorrow\"}"), 400, "malformed");
        assertProblem(client.postKid(client.url("/new-order"), "{\"identifiers\":[{\"type\":\"ip\",\"value\":"
                + "\"127.0.0.1\"}],\"notBefore\":\"" + now.plus(Duration.ofDays(90)) + "\"}"), 400, "malformed");
        AcmeTestClient limited = acme.client("short");
        Flows.expect(limited.register(), 201);
        assertProblem(limited.postKid(limited.url("/new-order"), "{\"identifiers\":[{\"type\":\"ip\",\"value\":"
                + "\"127.0.0.1\"}],\"notAfter\":\"" + now.plus(Duration.ofDays(11)) + "\"}"), 400, "malformed");
    }

    @Test
    void authorizationsAreReusedPendingAndValid() throws Exception {
        JsonNode first = json(client.newOrder("ip:127.0.0.1"));
        JsonNode second = json(client.newOrder("ip:127.0.0.1"));
        assertThat(second.get("authorizations")).isEqualTo(first.get("authorizations"));
        Flows.Order ready = Flows.readyOrder(client, "ip:127.0.0.1");
        assertThat(ready.json().get("authorizations")).isEqualTo(first.get("authorizations"));
        AcmeHttpResponse third = client.newOrder("ip:127.0.0.1");
        assertThat(json(third).get("status").asText()).isEqualTo("ready");
        assertThat(json(third).get("authorizations")).isEqualTo(first.get("authorizations"));
        AcmeTestClient stranger = acme.client("default");
        Flows.expect(stranger.register(), 201);
        JsonNode theirs = json(stranger.newOrder("ip:127.0.0.1"));
        assertThat(theirs.get("status").asText()).isEqualTo("pending");
        assertThat(theirs.get("authorizations")).isNotEqualTo(first.get("authorizations"));
    }

    @Test
    void orderExpiryFollowsTheEarliestAuthorization() throws Exception {
        Flows.readyOrder(client, "ip:127.0.0.1");
        acme.clock.advance(Duration.ofDays(28)); // the valid authorization has 2 of its 30 days left
        client.dropNonce();
        JsonNode order = json(client.newOrder("ip:127.0.0.1"));
        assertThat(order.get("status").asText()).isEqualTo("ready");
        Instant expires = Instant.parse(order.get("expires").asText());
        assertThat(expires).isBefore(acme.clock.instant().plus(Duration.ofDays(3)));
        acme.clock.advance(Duration.ofDays(2)); // inside the reuse margin: a fresh authorization is made
        client.dropNonce();
        assertThat(json(client.newOrder("ip:127.0.0.1")).get("status").asText()).isEqualTo("pending");
    }
}
