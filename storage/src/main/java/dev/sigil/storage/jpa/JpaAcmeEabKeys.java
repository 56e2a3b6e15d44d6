package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.EabKey;
import dev.sigil.storage.audit.AuditEvent;
import jakarta.persistence.EntityManager;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** External Account Binding keys in {@code acme_eab_keys}, and their one-time binding to an account. */
final class JpaAcmeEabKeys {

    private final Transactions tx;

    JpaAcmeEabKeys(Transactions tx) {
        this.tx = tx;
    }

    void add(EabKey key, AuditEvent event) {
        AcmeLimits.check("EAB key id", key.keyId(), AcmeLimits.EAB_KEY_ID);
        AcmeLimits.check("directory", key.directory(), AcmeLimits.DIRECTORY);
        ColumnLimits.check("EAB label", key.label(), AcmeLimits.LABEL);
        if (key.hmacKey().length < AcmeLimits.MIN_HMAC_KEY_BYTES || key.hmacKey().length > AcmeLimits.HMAC_KEY_BYTES) {
            throw new IllegalArgumentException("EAB HMAC key must have " + AcmeLimits.MIN_HMAC_KEY_BYTES + ".."
                    + AcmeLimits.HMAC_KEY_BYTES + " bytes");
        }
        if (key.boundAccountId().isPresent() || key.boundAt().isPresent()) {
            throw new IllegalArgumentException("a new EAB key must be unbound");
        }
        refuseSecretInAudit(event, key.hmacKey());
        AuditChain.validate(event);
        AcmeEabKeyEntity entity = AcmeEabKeyEntity.from(key);
        tx.write("add EAB key", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            em.persist(entity);
            AuditChain.append(em, head, event);
            return null;
        });
    }

    Optional<EabKey> find(String keyId) {
        if (!AcmeLimits.fits(keyId, AcmeLimits.EAB_KEY_ID)) {
            return Optional.empty();
        }
        return tx.read("find EAB key", em -> Optional.ofNullable(em.find(AcmeEabKeyEntity.class, keyId))
                .map(AcmeEabKeyEntity::toRecord));
    }

    List<EabKey> list(String directory) {
        return tx.read("list EAB keys", em -> em
                .createQuery("select k from AcmeEabKey k where k.directory = :directory order by k.createdAt, k.keyId",
                        AcmeEabKeyEntity.class)
                .setParameter("directory", directory)
                .getResultList().stream().map(AcmeEabKeyEntity::toRecord).toList());
    }

    /**
     * Binds the key to {@code accountId} inside the caller's transaction. The conditional UPDATE is the guard:
     * of two transactions binding one key, the second finds {@code bound_account_id} set (InnoDB re-reads the
     * locked row) and changes nothing. A key of another directory counts as unknown.
     *
     * @throws StorageException NOT_FOUND if the directory has no such key, CONFLICT if it is already bound
     */
    static void bind(EntityManager em, String keyId, String directory, String accountId, long atMicros) {
        int bound = em.createQuery("update AcmeEabKey k set k.boundAccountId = :account, k.boundAt = :at"
                        + " where k.keyId = :keyId and k.directory = :directory and k.boundAccountId is null")
                .setParameter("account", accountId)
                .setParameter("at", atMicros)
                .setParameter("keyId", keyId)
                .setParameter("directory", directory)
                .executeUpdate();
        if (bound == 1) {
            return;
        }
        AcmeEabKeyEntity key = em.find(AcmeEabKeyEntity.class, keyId);
        if (key == null || !key.directory().equals(directory)) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, "bind EAB key: no such key in this directory");
        }
        throw new StorageException(StorageException.Kind.CONFLICT, "bind EAB key: the key is already bound");
    }

    /**
     * The audit log is readable by operators and kept forever; an HMAC key in it would let anyone reading it
     * create accounts. Refuses an event whose details carry the key in a usual text encoding.
     */
    private static void refuseSecretInAudit(AuditEvent event, byte[] hmacKey) {
        String details = event.details();
        boolean leaks = details.toLowerCase(Locale.ROOT).contains(HexFormat.of().formatHex(hmacKey))
                || details.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(hmacKey))
                || details.contains(Base64.getEncoder().withoutPadding().encodeToString(hmacKey));
        if (leaks) {
            throw new IllegalArgumentException("audit details must not contain the EAB HMAC key");
        }
    }
}
