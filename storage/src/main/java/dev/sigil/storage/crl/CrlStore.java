package dev.sigil.storage.crl;

import java.util.Optional;

/** Signed CRLs per issuer: the latest is what the CDP URL serves on every node. */
public interface CrlStore {

    /** The CRL with the highest number for this issuer, without its bytes. */
    Optional<PublishedCrl> latest(String issuerId);

    /** The DER of a stored CRL, if it is still kept. */
    Optional<byte[]> read(String issuerId, long number);

    /**
     * Stores a signed CRL, then deletes all but the newest {@code keep} of the issuer, in one transaction.
     *
     * @return false, storing nothing, if a CRL with this number or a higher one is already stored (another node
     *         published first); the caller discards its CRL, so no number is ever served twice
     * @throws dev.sigil.storage.StorageException UNAVAILABLE if the database failed; nothing is stored then
     */
    boolean publish(PublishedCrl crl, byte[] der, int keep);
}
