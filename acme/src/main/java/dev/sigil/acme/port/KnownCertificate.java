package dev.sigil.acme.port;

import java.util.Objects;
import java.util.Optional;

/**
 * A certificate in the CA's inventory, as revokeCert (RFC 8555 §7.6) and renewal information (RFC 9773) need it.
 * Names, validity and public key are read from {@code certificateDer} by the front end.
 *
 * @param issuerId           the issuing CA
 * @param serial             lower-case hex without leading zeros
 * @param certificateDer     the certificate, DER, exactly as stored
 * @param revoked            whether it is revoked
 * @param requestedByAccount the ACME account id ({@link IssuanceOrder#accountId()}) it was issued for, if it was
 *                           issued through ACME; empty for certificates issued otherwise
 */
public record KnownCertificate(String issuerId, String serial, byte[] certificateDer, boolean revoked,
                               Optional<String> requestedByAccount) {
    public KnownCertificate {
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(certificateDer, "certificateDer");
        Objects.requireNonNull(requestedByAccount, "requestedByAccount");
    }
}
