package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.RenewalOverride;
import dev.sigil.storage.audit.AuditEvent;

import java.util.Optional;

/**
 * Operators' renewal window overrides in {@code acme_renewal_windows}. A suggestion locks the audit head first and
 * appends its audit record in the same transaction, like every audited write; holding that lock also serialises
 * two suggestions for one certificate, so the find-then-insert-or-update below cannot race into a duplicate key.
 */
final class JpaAcmeRenewalWindows {

    /** Column sizes of {@code V3__acme_renewal_windows.sql}. */
    static final int SERIAL = 40;
    static final int REASON = 255;

    private final Transactions tx;

    JpaAcmeRenewalWindows(Transactions tx) {
        this.tx = tx;
    }

    void suggest(RenewalOverride override, AuditEvent event) {
        AcmeLimits.check("issuer id", override.issuerId(), ColumnLimits.ISSUER_ID);
        AcmeLimits.check("serial", override.serial(), SERIAL);
        AcmeLimits.check("renewal reason", override.reason(), REASON);
        AcmeLimits.check("created by", override.createdBy(), ColumnLimits.ACTOR);
        AuditChain.validate(event);
        AcmeRenewalWindowEntity entity = AcmeRenewalWindowEntity.from(override);
        if (entity.windowEnd() <= entity.windowStart()) {
            // The record allows end - start of a few nanoseconds; stored as micros, that would read back empty.
            throw new IllegalArgumentException("a renewal window must end at least a microsecond after it starts");
        }
        CertificateKey key = new CertificateKey(override.issuerId(), override.serial());
        tx.write("suggest renewal window", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            // Checked here for a clear NOT_FOUND before anything is written; fk_acme_renewal_windows_certificate
            // would refuse the row too. Selects a constant, so the certificate's DER is not loaded.
            boolean known = !em.createQuery("select 1 from Certificate c where c.issuerId = :issuerId"
                            + " and c.serial = :serial", Integer.class)
                    .setParameter("issuerId", key.issuerId())
                    .setParameter("serial", key.serial())
                    .getResultList().isEmpty();
            if (!known) {
                throw new StorageException(StorageException.Kind.NOT_FOUND,
                        "suggest renewal window: no such certificate");
            }
            // merge inserts, or copies the new state onto the existing row: a later suggestion replaces an earlier.
            em.merge(entity);
            AuditChain.append(em, head, event);
            return null;
        });
    }

    Optional<RenewalOverride> find(String issuerId, String serial) {
        if (!AcmeLimits.fits(issuerId, ColumnLimits.ISSUER_ID) || !AcmeLimits.fits(serial, SERIAL)) {
            return Optional.empty();
        }
        return tx.read("find renewal window", em -> Optional.ofNullable(
                em.find(AcmeRenewalWindowEntity.class, new CertificateKey(issuerId, serial)))
                .map(AcmeRenewalWindowEntity::toRecord));
    }
}
