package dev.sigil.acme.directory;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Application-assigned identifiers of ACME objects and challenge tokens: random, base64url, unguessable (an id is
 * part of a URL that any client may try; ownership is checked on every request anyway).
 */
public final class ResourceIds {

    /** 128 bits: ids of accounts, orders, authorizations, challenges. */
    public static final int ID_BYTES = 16;
    /** 256 bits for challenge tokens (RFC 8555 §8.1 asks for at least 128). */
    public static final int TOKEN_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ResourceIds() {
    }

    public static String newId() {
        return random(ID_BYTES);
    }

    public static String newToken() {
        return random(TOKEN_BYTES);
    }

    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }
}
