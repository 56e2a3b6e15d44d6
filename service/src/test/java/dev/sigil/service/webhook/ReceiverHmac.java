package dev.sigil.service.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a receiver computes to verify {@code X-Sigil-Signature}, written out from RFC 2104 over plain SHA-256 so that
 * tests check Sigil's signature against an implementation that shares nothing with it (not even javax.crypto.Mac).
 */
public final class ReceiverHmac {

    private static final int BLOCK = 64;

    private ReceiverHmac() {
    }

    /** The expected header value for a request: {@code v1=} hex HMAC-SHA256(secret, timestamp "." body). */
    public static String expectedSignature(String secret, String timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] message = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return "v1=" + HexFormat.of().formatHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), message));
    }

    static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] k = Arrays.copyOf(key.length > BLOCK ? sha.digest(key) : key, BLOCK);
            byte[] ipad = new byte[BLOCK];
            byte[] opad = new byte[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                ipad[i] = (byte) (k[i] ^ 0x36);
                opad[i] = (byte) (k[i] ^ 0x5c);
            }
            sha.update(ipad);
            byte[] inner = sha.digest(message);
            sha.update(opad);
            return sha.digest(inner);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
