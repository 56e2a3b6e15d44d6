package dev.sigil.acme.port;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The only way the ACME front end reaches the CA engine (as step-ca's {@code acme.CertificateAuthority}): the
 * {@code acme} module owns this interface, {@code service} implements it and wires it in {@code Main}. The front
 * end never holds a signing key (Boulder's split of security contexts).
 *
 * <p>Identifiers cross this interface as text: {@code dns:name} (a wildcard keeps its {@code *.}) or
 * {@code ip:address} (canonical text: dotted quad, RFC 5952 for IPv6). Serials are lower-case hex without leading
 * zeros, as the inventory stores them.
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

    /**
     * The identifier policy of {@code profile}, checked at newOrder before anything is stored, so that an order the
     * CA would refuse at finalize is refused at once (RFC 8555 §7.4 rejectedIdentifier). Checks names and addresses
     * only (allowed DNS suffixes, IP ranges); the CSR is checked at {@link #issue}.
     *
     * @param profile     the ACME directory's profile ({@code DirectorySettings.profile()})
     * @param identifiers the order's identifiers, e.g. {@code dns:a.internal}, {@code dns:*.b.internal},
     *                    {@code ip:10.0.0.7}
     * @return one entry per refused identifier, in the given order; empty if all are allowed
     */
    List<IdentifierRefusal> checkIdentifiers(String profile, List<String> identifiers);

    /**
     * The certificate and its chain, as {@link #issue} returned them, for the ACME certificate download (§7.4.2).
     *
     * @throws CaRefusal NOT_FOUND if the CA has no such certificate
     */
    IssuedChain chain(String issuerId, String serial);

    /**
     * Finds a certificate of this CA by its exact DER encoding (revokeCert, §7.6). A certificate that merely shares
     * issuer and serial with a stored one but differs in any byte is not found.
     */
    Optional<KnownCertificate> find(byte[] certificateDer);

    /**
     * Finds a certificate by RFC 9773 certificate ID parts: the issuer's key identifier (the certificate's
     * Authority Key Identifier, lower-case hex) and the serial (lower-case hex without leading zeros).
     */
    Optional<KnownCertificate> find(String authorityKeyIdHex, String serialHex);

    /**
     * Where relying parties fetch the issuing CA's certificate (the AIA caIssuers URL), which the certificate download
     * names as {@code Link: <url>;rel="up"} (§7.4.2); empty if the issuer has none.
     */
    Optional<URI> issuerCertificateUrl(String issuerId);
}
