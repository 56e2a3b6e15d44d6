package dev.sigil.service.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {

    static final String SECRET = "s3cret-for-tests-0123456789";

    @Test
    void theReceiversHmacMatchesRfc4231() {
        // RFC 4231 test case 2: proves the independent implementation the other tests rely on
        byte[] mac = ReceiverHmac.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(mac))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void signatureIsHmacOfTimestampDotBodyAndChangesWithEither() {
        WebhookSecret secret = new WebhookSecret(SECRET);
        byte[] body = "{\"id\":\"wh_1\",\"data\":{\"subject\":\"CN=caf\u00e9\"}}".getBytes(StandardCharsets.UTF_8);

        String signature = secret.sign(1_780_000_000L, body);

        assertThat(signature).isEqualTo(ReceiverHmac.expectedSignature(SECRET, "1780000000", body));
        assertThat(secret.sign(1_780_000_001L, body)).isNotEqualTo(signature);
        assertThat(secret.sign(1_780_000_000L, "{}".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(signature);
        assertThat(new WebhookSecret(SECRET + "x").sign(1_780_000_000L, body)).isNotEqualTo(signature);
    }

    @Test
    void theSecretIsNeverShownAndIsScrubbedFromMessages() {
        WebhookSecret secret = new WebhookSecret("  " + SECRET + "\n"); // as read from a file
        assertThat(secret.toString()).doesNotContain(SECRET).contains("redacted");
        assertThat(secret.redact("bad header " + SECRET + " in request")).isEqualTo("bad header [redacted] in request");
        assertThat(secret.sign(1L, new byte[0])).isEqualTo(ReceiverHmac.expectedSignature(SECRET, "1", new byte[0]));
    }

    @Test
    void aShortSecretIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new WebhookSecret("short-secret"))
                .hasMessageContaining("at least 16").hasMessageNotContaining("short-secret");
    }
}
