package dev.sigil.storage.jpa;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The keyset position after the last row of a page of ACME accounts or orders: (createdAt, id), the full sort
 * key. Opaque to callers like {@link PageCursor}, and distinct from it (another version tag), so that a
 * certificate cursor handed to an ACME listing is refused rather than misread.
 */
record AcmeCursor(long createdAtMicros, String id) {

    private static final String VERSION = "a1";
    private static final String SEPARATOR = ":";
    /** Version, createdAt, id. */
    private static final int PARTS = 3;
    /** Longer than any cursor this class produces; anything bigger is refused before decoding. */
    private static final int MAX_ENCODED_LENGTH = 160;

    String encode() {
        String plain = String.join(SEPARATOR, VERSION, Long.toString(createdAtMicros), id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException if the text is not a cursor this class produced */
    static AcmeCursor decode(String encoded) {
        if (encoded.length() > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("malformed cursor");
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.US_ASCII);
            String[] parts = plain.split(SEPARATOR, PARTS);
            if (parts.length != PARTS || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("malformed cursor");
            }
            AcmeLimits.checkId("cursor id", parts[2]);
            return new AcmeCursor(Long.parseLong(parts[1]), parts[2]);
        } catch (IllegalArgumentException e) { // also NumberFormatException and bad base64
            throw new IllegalArgumentException("malformed cursor", e);
        }
    }
}
