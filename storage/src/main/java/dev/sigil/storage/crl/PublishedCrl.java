package dev.sigil.storage.crl;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What is known about a signed CRL without its bytes: a full CRL, or a delta CRL (RFC 5280 §5.2.4) listing what
 * was revoked since the full CRL numbered {@code baseNumber}.
 *
 * @param issuerId    the issuer that signed it
 * @param number      the CRL number (strictly increasing per issuer, one sequence for full and delta CRLs)
 * @param thisUpdate  thisUpdate in the CRL
 * @param nextUpdate  nextUpdate in the CRL
 * @param entries     revoked certificates listed
 * @param sizeBytes   length of the DER
 * @param sha256      hex SHA-256 of the DER (the HTTP ETag)
 * @param publishedAt when it was stored
 * @param publishedBy which node (or operator) published it
 * @param baseNumber  empty for a full CRL; for a delta CRL, the number of its base full CRL (below {@code number})
 */
public record PublishedCrl(String issuerId, long number, Instant thisUpdate, Instant nextUpdate, long entries,
                           long sizeBytes, String sha256, Instant publishedAt, String publishedBy,
                           OptionalLong baseNumber) {

    public PublishedCrl {
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(publishedBy, "publishedBy");
        Objects.requireNonNull(baseNumber, "baseNumber");
        if (number < 1) {
            throw new IllegalArgumentException("CRL numbers start at 1");
        }
        if (baseNumber.isPresent() && (baseNumber.getAsLong() < 1 || baseNumber.getAsLong() >= number)) {
            throw new IllegalArgumentException("a delta CRL's base is an earlier CRL number");
        }
    }

    /** A full CRL. */
    public PublishedCrl(String issuerId, long number, Instant thisUpdate, Instant nextUpdate, long entries,
                        long sizeBytes, String sha256, Instant publishedAt, String publishedBy) {
        this(issuerId, number, thisUpdate, nextUpdate, entries, sizeBytes, sha256, publishedAt, publishedBy,
                OptionalLong.empty());
    }

    public boolean delta() {
        return baseNumber.isPresent();
    }
}
