package dev.sigil.storage.jpa;

import java.util.regex.Pattern;

/**
 * Column sizes of {@code V2__acme.sql} and the checks made against them before a transaction starts, so that a
 * value that does not fit fails with a clear {@link IllegalArgumentException} (naming the field, never the value)
 * rather than with a database error that H2 and MariaDB word differently. Lookups by a too-long key (client input)
 * simply find nothing.
 */
final class AcmeLimits {

    /** Ids of accounts, orders, authorizations and challenges. */
    static final int ID = 64;
    static final int DIRECTORY = 64;
    static final int NONCE = 64;
    /** RFC 7638 SHA-256 thumbprints are 43 base64url characters; room for a longer hash. */
    static final int THUMBPRINT = 64;
    static final int EAB_KEY_ID = 128;
    static final int LABEL = 255;
    static final int HMAC_KEY_BYTES = 128;
    /** RFC 8555 §7.3.4 asks for a MAC key; 256 bits is what HS256 needs to be worth its name. */
    static final int MIN_HMAC_KEY_BYTES = 32;
    static final int CONTACT = 1024;
    static final int IDENTIFIER_TYPE = 8;
    /** A DNS name has at most 253 characters, plus a wildcard's "*."; IPv6 text far less. */
    static final int IDENTIFIER_VALUE = 255;
    static final int STATUS = 16;
    static final int CHALLENGE_TYPE = 32;
    static final int TOKEN = 128;
    static final int REPLACES = 255;
    /** A TEXT column holds 65,535 bytes; utf8mb4 needs up to 4 per character. */
    static final int JSON_TEXT = 16_000;
    /** Largest page {@code accounts} and {@code ordersOf} return. */
    static final int MAX_PAGE = 1000;

    /** RFC 3986 unreserved characters: safe in a URL path segment without escaping. */
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9._~-]+");

    private AcmeLimits() {
    }

    /** An application-assigned id: non-empty, URL-safe, at most {@link #ID} characters. */
    static void checkId(String field, String value) {
        ColumnLimits.check(field, value, ID);
        if (!URL_SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be non-empty and URL-safe");
        }
    }

    static void check(String field, String value, int max) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        ColumnLimits.check(field, value, max);
    }

    /** Whether a lookup key (possibly client input) can exist in a column of {@code max} characters. */
    static boolean fits(String value, int max) {
        return value != null && !value.isEmpty() && value.length() <= max;
    }

    static void checkPageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE);
        }
    }
}
