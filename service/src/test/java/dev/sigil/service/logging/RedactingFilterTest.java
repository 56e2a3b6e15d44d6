package dev.sigil.service.logging;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class RedactingFilterTest {

    @Test
    void bearerTokensTokenSecretsAndPrivateKeysAreReplacedInTheFormattedMessage() {
        LogRecord r = new LogRecord(Level.FINE, "headers: {0}");
        r.setParameters(new Object[]{"Authorization: Bearer sgl_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg, Host: x"});
        assertThat(new RedactingFilter().isLoggable(r)).as("never dropped").isTrue();
        assertThat(r.getMessage()).isEqualTo("headers: Authorization: Bearer [redacted], Host: x");
        assertThat(r.getParameters()).isNull();

        String pem = "body {\"privateKey\":\"-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
                + "-----END PRIVATE KEY-----\"} and -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA";
        assertThat(RedactingFilter.redact(pem))
                .isEqualTo("body {\"privateKey\":\"[private key redacted]\"} and [private key redacted]");
        assertThat(RedactingFilter.redact("token sgl_0123456789abcdefABCDEF_- issued"))
                .isEqualTo("token sgl_[redacted] issued");
        assertThat(RedactingFilter.redact("published CRL 12 of int-1: 3 entries")).isEqualTo("published CRL 12 of int-1: 3 entries");
    }

    @Test
    void aRecordWithoutSecretsIsLeftAsItWas() {
        LogRecord r = new LogRecord(Level.INFO, "published CRL {0} of {1}");
        Object[] params = {12, "int-1"};
        r.setParameters(params);
        new RedactingFilter().isLoggable(r);
        assertThat(r.getMessage()).isEqualTo("published CRL {0} of {1}");
        assertThat(r.getParameters()).isSameAs(params);
    }
}
