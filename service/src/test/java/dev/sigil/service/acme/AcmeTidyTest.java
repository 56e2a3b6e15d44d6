package dev.sigil.service.acme;

import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcmeTidyTest {

    @TempDir
    Path dir;

    @Test
    void tidyDeletesExpiredNoncesWhichAreThenRefused() throws Exception {
        try (SigilServer server = TestServer.start(dir, Map.of("sigil.acme.nonce-lifetime", "1s"))) {
            ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());
            HttpResponse<String> r = api.send("HEAD", "/acme/default/new-nonce", null, null, null);
            assertThat(r.statusCode()).isEqualTo(200);
            String nonce = r.headers().firstValue("Replay-Nonce").orElseThrow();
            AcmeTidy tidy = server.acme().orElseThrow().tidy();

            assertThat(tidy.runOnce()).as("nothing has expired yet").isZero();
            Thread.sleep(1_200); // the nonce lifetime is one second
            assertThat(tidy.runOnce()).as("the batch the nonce came from is gone").isPositive();
            assertThat(tidy.runOnce()).as("idempotent").isZero();
            assertThat(server.database().acme().redeemNonce(nonce, Instant.now())).isFalse();
        }
    }

    @Test
    void acmeCanBeSwitchedOffEntirely() throws Exception {
        try (SigilServer server = TestServer.start(dir, Map.of("sigil.acme.enabled", "false"))) {
            ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());
            assertThat(server.acme()).isEmpty();
            HttpResponse<String> r = api.get("/acme/default/directory", null);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(List.of(r.body())).allSatisfy(b -> assertThat(b).doesNotContain("newNonce"));
        }
    }

    @Test
    void aProcessingTimeoutNotAboveTheValidationTimeLimitIsRefusedAtStart() {
        // Recovery would fail validations that are merely slow: the limit plus the 2 s recording margin is 12 s.
        assertThatThrownBy(() -> TestServer.start(dir, Map.of("sigil.acme.validation.timeout", "10s",
                "sigil.acme.processing-timeout", "12s")))
                .hasMessageContaining("sigil.acme.processing-timeout must exceed");
    }
}
