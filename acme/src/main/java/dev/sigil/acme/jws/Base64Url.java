package dev.sigil.acme.jws;

import dev.sigil.acme.problem.AcmeProblem;

import java.util.Base64;

/**
 * base64url without padding (RFC 7515 §2, RFC 4648 §5). Decoding is strict: padding, characters outside the url
 * alphabet, impossible lengths and non-zero trailing bits are refused, so every byte string has exactly one accepted
 * encoding (which keeps thumbprints and signed strings unambiguous).
 */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Decodes {@code s}; anything but canonical unpadded base64url is {@code malformed}. */
    public static byte[] decode(String s) {
        return decode(s, "value");
    }

    /** As {@link #decode(String)}, naming {@code what} (e.g. "JWS payload") in the problem detail. */
    public static byte[] decode(String s, String what) {
        if (!isCanonical(s)) {
            throw AcmeProblem.malformed(what + " is not base64url without padding (RFC 7515 §2)");
        }
        return DECODER.decode(s);
    }

    /** True if {@code s} is canonical unpadded base64url (the empty string is). */
    public static boolean isCanonical(String s) {
        if (s == null || s.length() % 4 == 1 || !inAlphabet(s)) {
            return false;
        }
        // The last character of a 2- or 3-character group carries bits that do not fit a whole byte; they must be 0.
        return switch (s.length() % 4) {
            case 2 -> (value(s.charAt(s.length() - 1)) & 0x0f) == 0;
            case 3 -> (value(s.charAt(s.length() - 1)) & 0x03) == 0;
            default -> true;
        };
    }

    /** True if every character of {@code s} is in the base64url alphabet (no padding); lengths are not checked. */
    static boolean inAlphabet(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (value(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        if (c == '_') {
            return 63;
        }
        return -1;
    }
}
