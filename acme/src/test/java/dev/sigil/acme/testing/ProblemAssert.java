package dev.sigil.acme.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.http.AcmeHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on problem documents as they go over the wire. */
public final class ProblemAssert {

    private ProblemAssert() {
    }

    /**
     * Asserts an RFC 7807 problem of ACME type {@code type} (e.g. "badNonce") with HTTP status {@code status}, that
     * still carries a Replay-Nonce; returns the document.
     */
    public static JsonNode assertProblem(AcmeHttpResponse response, int status, String type) {
        assertThat(response.status()).as(response.bodyText()).isEqualTo(status);
        assertThat(response.header("Content-Type")).contains("application/problem+json");
        JsonNode problem = AcmeTestClient.json(response);
        assertThat(problem.get("type").asText()).as(response.bodyText())
                .isEqualTo("urn:ietf:params:acme:error:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(response.header("Replay-Nonce")).isPresent();
        return problem;
    }
}
