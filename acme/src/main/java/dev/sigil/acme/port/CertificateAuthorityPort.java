package dev.sigil.acme.port;

/**
 * The only way the ACME front end reaches the CA engine (as step-ca's {@code acme.CertificateAuthority}): the
 * {@code acme} module owns this interface, {@code service} implements it and wires it in {@code Main}. The front
 * end never holds a signing key (Boulder's split of security contexts).
 */
public interface CertificateAuthorityPort {

    /**
     * Issues a certificate for a finalized order. The certificate is committed to the inventory before this returns.
     *
     * @throws CaRefusal if the CA's policy refuses the request (the ACME layer maps it to badCSR / rejectedIdentifier)
     */
    IssuedChain issue(IssuanceOrder order);

    /**
     * Revokes a certificate. The revocation is committed before this returns.
     *
     * @throws CaRefusal if the certificate is unknown or already revoked
     */
    void revoke(String issuerId, String serial, int reasonCode, String actor);
}
