package dev.sigil.storage.crl;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Signed CRLs per issuer, full and delta: the latest full CRL is what the CDP URL serves on every node, the latest
 * delta of it what the delta URL (the full CRL's Freshest CRL pointer) serves.
 */
public interface CrlStore {

    /** The full CRL with the highest number for this issuer, without its bytes. */
    Optional<PublishedCrl> latest(String issuerId);

    /**
     * The delta CRL with the highest number whose base is the issuer's {@linkplain #latest latest} full CRL, without
     * its bytes; empty if there is none (deltas are off, or not yet published since the latest full CRL).
     */
    default Optional<PublishedCrl> latestDelta(String issuerId) {
        return Optional.empty();
    }

    /** The highest CRL number stored for this issuer, full or delta: the next CRL is numbered above it. */
    default OptionalLong highestNumber(String issuerId) {
        return latest(issuerId).map(c -> OptionalLong.of(c.number())).orElse(OptionalLong.empty());
    }

    /** The DER of a stored CRL, if it is still kept. */
    Optional<byte[]> read(String issuerId, long number);

    /**
     * Stores a signed CRL, then deletes all but the newest {@code keep} of the issuer's CRLs of the same kind (full
     * or delta), in one transaction.
     *
     * @return false, storing nothing, if a CRL (full or delta) with this number or a higher one is already stored
     *         (another node published first); the caller discards its CRL, so no number is ever served twice
     * @throws dev.sigil.storage.StorageException UNAVAILABLE if the database failed; nothing is stored then
     */
    boolean publish(PublishedCrl crl, byte[] der, int keep);
}
