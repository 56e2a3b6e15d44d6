package dev.sigil.storage.crl;

import java.time.Instant;
import java.util.Objects;

/**
 * What is known about a signed CRL without its bytes.
 *
 * @param issuerId    the issuer that signed it
 * @param number      the CRL number (strictly increasing per issuer)
 * @param thisUpdate  thisUpdate in the CRL
 * @param nextUpdate  nextUpdate in the CRL
 * @param entries     revoked certificates listed
 * @param sizeBytes   length of the DER
 * @param sha256      hex SHA-256 of the DER (the HTTP ETag)
 * @param publishedAt when it was stored
 * @param publishedBy which node (or operator) published it
 */
public record PublishedCrl(String issuerId, long number, Instant thisUpdate, Instant nextUpdate, long entries,
                           long sizeBytes, String sha256, Instant publishedAt, String publishedBy) {

    public PublishedCrl {
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(publishedBy, "publishedBy");
        if (number < 1) {
            throw new IllegalArgumentException("CRL numbers start at 1");
        }
    }
}
