package dev.sigil.storage.jpa;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.Page;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ACME accounts and their contacts. Every change locks the audit head first and appends its audit record in the
 * same transaction, as {@link JpaLedger} does, so account changes take the ledger's one lock order.
 */
final class JpaAcmeAccounts {

    private final Transactions tx;

    JpaAcmeAccounts(Transactions tx) {
        this.tx = tx;
    }

    void create(AcmeAccount account, AuditEvent event) {
        AcmeLimits.checkId("account id", account.id());
        AcmeLimits.check("directory", account.directory(), AcmeLimits.DIRECTORY);
        AcmeLimits.check("key thumbprint", account.keyThumbprint(), AcmeLimits.THUMBPRINT);
        AcmeLimits.check("JWK", account.jwkJson(), AcmeLimits.JSON_TEXT);
        checkContacts(account.contacts());
        account.eabKeyId().ifPresent(k -> AcmeLimits.check("EAB key id", k, AcmeLimits.EAB_KEY_ID));
        AuditChain.validate(event);
        AcmeAccountEntity entity = AcmeAccountEntity.from(account);
        tx.write("create ACME account", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            // Bind first: if the key is unknown or taken, nothing of the account is written. A duplicate account
            // key fails at flush (unique constraint, CONFLICT) and rolls the binding back with it.
            account.eabKeyId().ifPresent(keyId -> JpaAcmeEabKeys.bind(em, keyId, account.directory(), account.id(),
                    entity.createdAt()));
            em.persist(entity);
            persistContacts(em, account.id(), account.contacts());
            AuditChain.append(em, head, event);
            return null;
        });
    }

    Optional<AcmeAccount> find(String id) {
        if (!AcmeLimits.fits(id, AcmeLimits.ID)) {
            return Optional.empty();
        }
        return tx.read("find ACME account", em -> Optional.ofNullable(em.find(AcmeAccountEntity.class, id))
                .map(a -> withContacts(em, List.of(a)).getFirst()));
    }

    Optional<AcmeAccount> findByKey(String directory, String keyThumbprint) {
        if (!AcmeLimits.fits(directory, AcmeLimits.DIRECTORY) || !AcmeLimits.fits(keyThumbprint, AcmeLimits.THUMBPRINT)) {
            return Optional.empty();
        }
        return tx.read("find ACME account by key", em -> em
                .createQuery("select a from AcmeAccount a where a.directory = :directory"
                        + " and a.keyThumbprint = :thumbprint", AcmeAccountEntity.class)
                .setParameter("directory", directory)
                .setParameter("thumbprint", keyThumbprint)
                .getResultList().stream().findFirst().map(a -> withContacts(em, List.of(a)).getFirst()));
    }

    void update(String id, List<String> contacts, AcmeStatus.Account status, AuditEvent event) {
        checkContacts(contacts);
        String statusText = AcmeStatusText.of(status);
        AuditChain.validate(event);
        if (!AcmeLimits.fits(id, AcmeLimits.ID)) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, "update ACME account: no such account");
        }
        tx.write("update ACME account", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            int updated = em.createQuery("update AcmeAccount a set a.status = :status where a.id = :id")
                    .setParameter("status", statusText)
                    .setParameter("id", id)
                    .executeUpdate();
            if (updated != 1) {
                throw new StorageException(StorageException.Kind.NOT_FOUND, "update ACME account: no such account");
            }
            em.createQuery("delete from AcmeContact c where c.accountId = :id").setParameter("id", id).executeUpdate();
            persistContacts(em, id, contacts);
            AuditChain.append(em, head, event);
            return null;
        });
    }

    boolean changeKey(String id, String oldThumbprint, String newThumbprint, String newJwkJson, AuditEvent event) {
        AcmeLimits.check("key thumbprint", newThumbprint, AcmeLimits.THUMBPRINT);
        AcmeLimits.check("JWK", newJwkJson, AcmeLimits.JSON_TEXT);
        AuditChain.validate(event);
        if (!AcmeLimits.fits(id, AcmeLimits.ID)) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, "change ACME account key: no such account");
        }
        return tx.write("change ACME account key", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            // A taken new key violates uq_acme_accounts_key here: CONFLICT, and the transaction rolls back.
            int changed = em.createQuery("update AcmeAccount a set a.keyThumbprint = :newThumbprint,"
                            + " a.jwkJson = :jwk where a.id = :id and a.keyThumbprint = :oldThumbprint")
                    .setParameter("newThumbprint", newThumbprint)
                    .setParameter("jwk", newJwkJson)
                    .setParameter("id", id)
                    .setParameter("oldThumbprint", oldThumbprint)
                    .executeUpdate();
            if (changed != 1) {
                if (em.find(AcmeAccountEntity.class, id) == null) {
                    throw new StorageException(StorageException.Kind.NOT_FOUND, "change ACME account key: no such account");
                }
                return false;
            }
            AuditChain.append(em, head, event);
            return true;
        });
    }

    /** Newest first: ORDER BY created_at DESC, id DESC, served backwards by ix_acme_accounts_created. */
    Page<AcmeAccount> list(String directory, Optional<String> cursor, int limit) {
        AcmeLimits.checkPageSize(limit);
        Optional<AcmeCursor> after = cursor.map(AcmeCursor::decode); // outside the transaction: no DB error
        return tx.read("list ACME accounts", em -> {
            TypedQuery<AcmeAccountEntity> query = em.createQuery("select a from AcmeAccount a"
                    + " where a.directory = :directory"
                    + after.map(c -> " and (a.createdAt < :afterAt or (a.createdAt = :afterAt and a.id < :afterId))")
                    .orElse("")
                    + " order by a.createdAt desc, a.id desc", AcmeAccountEntity.class)
                    .setParameter("directory", directory)
                    .setMaxResults(limit + 1);
            after.ifPresent(c -> query.setParameter("afterAt", c.createdAtMicros()).setParameter("afterId", c.id()));
            List<AcmeAccountEntity> rows = query.getResultList();
            boolean more = rows.size() > limit;
            List<AcmeAccountEntity> page = more ? rows.subList(0, limit) : rows;
            Optional<String> next = more
                    ? Optional.of(new AcmeCursor(page.getLast().createdAt(), page.getLast().id()).encode())
                    : Optional.empty();
            return new Page<>(withContacts(em, page), next);
        });
    }

    private static void checkContacts(List<String> contacts) {
        contacts.forEach(c -> AcmeLimits.check("contact", c, AcmeLimits.CONTACT));
    }

    private static void persistContacts(EntityManager em, String accountId, List<String> contacts) {
        for (int i = 0; i < contacts.size(); i++) {
            em.persist(new AcmeContactEntity(accountId, i, contacts.get(i)));
        }
    }

    /** Loads the contacts of all {@code accounts} in one query and builds the records, in the given order. */
    static List<AcmeAccount> withContacts(EntityManager em, List<AcmeAccountEntity> accounts) {
        if (accounts.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> contacts = new HashMap<>();
        em.createQuery("select c from AcmeContact c where c.accountId in :ids order by c.accountId, c.position",
                        AcmeContactEntity.class)
                .setParameter("ids", accounts.stream().map(AcmeAccountEntity::id).toList())
                .getResultList()
                .forEach(c -> contacts.computeIfAbsent(c.accountId(), k -> new ArrayList<>()).add(c.contact()));
        return accounts.stream().map(a -> a.toRecord(contacts.getOrDefault(a.id(), List.of()))).toList();
    }
}
