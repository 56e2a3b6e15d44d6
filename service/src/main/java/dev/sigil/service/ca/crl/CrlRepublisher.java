package dev.sigil.service.ca.crl;

/** Told of each committed revocation, so that the issuer's CRL is republished shortly after (coalesced). */
@FunctionalInterface
public interface CrlRepublisher {

    void revoked(String issuerId);
}
