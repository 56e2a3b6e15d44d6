package dev.sigil.service.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The key that signs webhook requests. Its text never leaves this class: {@link #toString} is redacted, and
 * {@link #redact} scrubs it from any text about to be stored or logged (an error message that quoted it, however
 * unlikely, would otherwise end up in the database and the API).
 */
public final class WebhookSecret {

    /** Shortest secret accepted: 128 bits of a random text is the least a receiver should be given. */
    public static final int MIN_LENGTH = 16;
    static final String ALGORITHM = "HmacSHA256";
    private static final String REDACTED = "[redacted]";

    private final byte[] key;
    private final String text;

    /** @throws IllegalArgumentException (without the value) if the secret is shorter than {@link #MIN_LENGTH} */
    public WebhookSecret(String text) {
        if (text == null || text.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the webhook secret must be at least " + MIN_LENGTH + " characters");
        }
        this.text = text.strip();
        this.key = this.text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The {@code X-Sigil-Signature} value: {@code v1=} and the lower-case hex HMAC-SHA256, under this secret's UTF-8
     * bytes, of {@code timestamp + "." + body}.
     */
    public String sign(long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** {@code message} with every occurrence of the secret replaced. */
    public String redact(String message) {
        return message == null ? "" : message.replace(text, REDACTED);
    }

    @Override
    public String toString() {
        return "WebhookSecret" + REDACTED;
    }
}
