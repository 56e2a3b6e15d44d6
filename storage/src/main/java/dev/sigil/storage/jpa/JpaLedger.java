package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.issuer.IssuerRecord;
import dev.sigil.storage.ledger.Ledger;
import dev.sigil.storage.token.TokenRecord;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Objects;

/**
 * Every write, each in one transaction that also appends its audit record. Each transaction locks the
 * audit head first ({@link AuditChain#lockHead}), which serialises writers and so makes the
 * read-check-write steps below (revoked already?) race-free; the revocations primary key backs that up.
 * Arguments are checked against the column sizes before any transaction starts.
 */
final class JpaLedger implements Ledger {

    private final Transactions tx;
    private final LedgerWriter writer;

    JpaLedger(Transactions tx, LedgerWriter writer) {
        this.tx = tx;
        this.writer = writer;
    }

    @Override
    public void recordIssuance(CertificateRecord c, AuditEvent event) {
        if (c.status() != CertificateStatus.VALID || c.revokedAt().isPresent() || c.revocationReason().isPresent()) {
            throw new IllegalArgumentException("a newly issued certificate must be VALID, without revocation data");
        }
        ColumnLimits.check("issuerId", c.issuerId(), ColumnLimits.ISSUER_ID);
        ColumnLimits.check("subjectDn", c.subjectDn(), ColumnLimits.SUBJECT_DN);
        ColumnLimits.check("keyType", c.keyType(), ColumnLimits.KEY_TYPE);
        c.owner().ifPresent(v -> ColumnLimits.check("owner", v, ColumnLimits.OWNER));
        c.label().ifPresent(v -> ColumnLimits.check("label", v, ColumnLimits.LABEL));
        ColumnLimits.check("profile", c.profile(), ColumnLimits.PROFILE);
        ColumnLimits.check("requestedBy", c.requestedBy(), ColumnLimits.ACTOR);
        ColumnLimits.checkBytes("der", c.der(), ColumnLimits.DER_BYTES);
        Micros.of(c.notBefore());
        Micros.of(c.notAfter());
        Micros.of(c.issuedAt());
        AuditChain.validate(event);
        writer.issue(c, event);
    }

    @Override
    public void revoke(RevocationRecord r, AuditEvent event) {
        ColumnLimits.check("revokedBy", r.revokedBy(), ColumnLimits.ACTOR);
        Micros.of(r.revokedAt());
        r.invalidityDate().ifPresent(Micros::of);
        AuditChain.validate(event);
        writer.revoke(r, event);
    }

    @Override
    public void addIssuer(IssuerRecord i, AuditEvent event) {
        ColumnLimits.check("name", i.name(), ColumnLimits.NAME);
        ColumnLimits.check("subjectDn", i.subjectDn(), ColumnLimits.SUBJECT_DN);
        ColumnLimits.check("keyType", i.keyType(), ColumnLimits.KEY_TYPE);
        ColumnLimits.check("keyRef", i.keyRef(), ColumnLimits.KEY_REF);
        ColumnLimits.checkBytes("certificateDer", i.certificateDer(), ColumnLimits.DER_BYTES);
        IssuerEntity entity = IssuerEntity.from(i);
        AuditChain.validate(event);
        tx.write("add issuer", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            em.persist(entity);
            AuditChain.append(em, head, event);
            return null;
        });
    }

    @Override
    public void addToken(TokenRecord t, AuditEvent event) {
        ColumnLimits.check("token id", t.id(), ColumnLimits.TOKEN_ID);
        ColumnLimits.check("token name", t.name(), ColumnLimits.NAME);
        ColumnLimits.check("role", t.role(), ColumnLimits.ROLE);
        ColumnLimits.check("createdBy", t.createdBy(), ColumnLimits.ACTOR);
        t.scope().ifPresent(v -> ColumnLimits.check("token scope", v, ColumnLimits.SCOPE));
        TokenEntity entity = TokenEntity.from(t);
        AuditChain.validate(event);
        tx.write("add token", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            em.persist(entity);
            AuditChain.append(em, head, event);
            return null;
        });
    }

    @Override
    public void revokeToken(String tokenId, Instant at, AuditEvent event) {
        Objects.requireNonNull(tokenId, "tokenId");
        long revokedAt = Micros.of(at);
        AuditChain.validate(event);
        tx.write("revoke token", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            TokenEntity t = em.find(TokenEntity.class, tokenId, LockModeType.PESSIMISTIC_WRITE);
            if (t == null) {
                throw new StorageException(StorageException.Kind.NOT_FOUND, "no such token");
            }
            if (t.revoked()) {
                throw new StorageException(StorageException.Kind.CONFLICT, "the token is already revoked");
            }
            t.markRevoked(revokedAt);
            AuditChain.append(em, head, event);
            return null;
        });
    }

    @Override
    public void audit(AuditEvent event) {
        AuditChain.validate(event);
        tx.write("append audit record", em -> {
            AuditChain.append(em, AuditChain.lockHead(em), event);
            return null;
        });
    }
}
