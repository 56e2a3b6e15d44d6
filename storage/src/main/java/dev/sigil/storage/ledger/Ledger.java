package dev.sigil.storage.ledger;

import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.issuer.IssuerRecord;
import dev.sigil.storage.token.TokenRecord;

import java.time.Instant;

/**
 * Every write to Sigil's state, each committed in one transaction together with its audit record.
 * A method returns only after the transaction is durably committed; if it throws, nothing was written.
 * All methods throw {@link dev.sigil.storage.StorageException}.
 */
public interface Ledger {

    /**
     * Adds an issued certificate to the inventory. Concurrent callers are group-committed:
     * many certificates share one transaction, and each caller returns once that commit is durable.
     *
     * @throws dev.sigil.storage.StorageException CONFLICT if the serial is already used by the issuer
     */
    void recordIssuance(CertificateRecord certificate, AuditEvent event);

    /**
     * Marks a certificate revoked and stores the revocation row.
     *
     * @throws dev.sigil.storage.StorageException NOT_FOUND if there is no such certificate,
     *                                            CONFLICT if it is already revoked
     */
    void revoke(RevocationRecord revocation, AuditEvent event);

    void addIssuer(IssuerRecord issuer, AuditEvent event);

    void addToken(TokenRecord token, AuditEvent event);

    /** @throws dev.sigil.storage.StorageException NOT_FOUND if unknown, CONFLICT if already revoked */
    void revokeToken(String tokenId, Instant at, AuditEvent event);

    /** Appends an audit record with no other change (e.g. a refused request). */
    void audit(AuditEvent event);
}
