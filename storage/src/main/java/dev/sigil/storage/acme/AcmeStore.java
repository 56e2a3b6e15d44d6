package dev.sigil.storage.acme;

import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.Page;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence for the ACME front end: nonces, accounts, orders, authorizations, challenges, EAB keys and operators'
 * renewal window overrides.
 * Every method runs in its own transaction and returns only after it committed; if it throws, nothing was written.
 * State changes that race (two finalize calls, two validations) are compare-and-set: they name the status they
 * expect and return {@code false} when another request got there first. Account-level changes carry an
 * {@link AuditEvent} appended in the same transaction. All methods throw
 * {@link dev.sigil.storage.StorageException} (CONFLICT, NOT_FOUND, UNAVAILABLE as documented).
 */
public interface AcmeStore {

    // --- nonces (RFC 8555 §6.5): shared by every node on the database, so any node accepts any node's nonce

    /** Stores fresh nonces (a node may pre-generate a batch in one call). */
    void addNonces(List<String> nonces, Instant expiresAt);

    /** Consumes a nonce: true exactly once for a stored, unexpired nonce; false if unknown, used or expired. */
    boolean redeemNonce(String nonce, Instant now);

    // --- accounts

    /**
     * Creates an account; with {@code account.eabKeyId()} present, binds that EAB key to it in the same transaction.
     *
     * @throws dev.sigil.storage.StorageException CONFLICT if the directory already has an account with this key
     *                                            or the EAB key is already bound; NOT_FOUND if the EAB key is unknown
     */
    void createAccount(AcmeAccount account, AuditEvent event);

    Optional<AcmeAccount> account(String id);

    Optional<AcmeAccount> accountByKey(String directory, String keyThumbprint);

    /** Replaces contacts and status. @throws dev.sigil.storage.StorageException NOT_FOUND */
    void updateAccount(String id, List<String> contacts, AcmeStatus.Account status, AuditEvent event);

    /**
     * Key rollover (§7.3.5): swaps the key only if the account still has {@code oldThumbprint}.
     *
     * @return false if the account's key changed meanwhile
     * @throws dev.sigil.storage.StorageException CONFLICT if another account in the directory holds the new key
     */
    boolean changeAccountKey(String id, String oldThumbprint, String newThumbprint, String newJwkJson, AuditEvent event);

    /** Accounts of a directory, newest first, for operators. */
    Page<AcmeAccount> accounts(String directory, Optional<String> cursor, int limit);

    // --- operators' administration of accounts (admin API)

    /**
     * Accounts with their order and certificate counts, newest first (created_at, id), keyset-paginated.
     *
     * @throws IllegalArgumentException if the limit is outside 1..1000 or the cursor is not one this store produced
     */
    Page<AcmeAccountSummary> accountSummaries(AcmeAccountQuery query);

    /** One account with its order and certificate counts, certificates counted as valid at {@code now}. */
    Optional<AcmeAccountSummary> accountSummary(String id, Instant now);

    /**
     * The certificates issued through an account's orders (joined by the order's certificate issuer and serial), in
     * order creation order, keyset-paginated; with {@code status}, only those in it at {@code now} (VALID: not revoked
     * and not past notAfter; EXPIRED: not revoked and past it; REVOKED).
     *
     * @throws IllegalArgumentException if the limit is outside 1..1000 or the cursor is not one this store produced
     */
    Page<CertificateRecord> accountCertificates(String accountId, Optional<CertificateStatus> status, Instant now,
                                                Optional<String> cursor, int limit);

    /**
     * An operator's status change of an account, compare-and-set: from {@code expected} to {@code next}, with
     * {@code event} appended in the same transaction.
     *
     * @return false (nothing written) if the account was not in {@code expected}
     * @throws dev.sigil.storage.StorageException NOT_FOUND if there is no such account
     */
    boolean transitionAccount(String id, AcmeStatus.Account expected, AcmeStatus.Account next, AuditEvent event);

    // --- orders and authorizations

    /**
     * Creates an order and its new authorizations (with their challenges). {@code order.authorizationIds()} lists
     * new and reused authorizations alike.
     */
    void createOrder(AcmeOrder order, List<AcmeAuthorization> newAuthorizations);

    Optional<AcmeOrder> order(String id);

    /** An account's orders, oldest first (§7.1.2.1), keyset-paginated. */
    Page<AcmeOrder> ordersOf(String accountId, Optional<String> cursor, int limit);

    /** The order that produced a certificate, if one did. */
    Optional<AcmeOrder> orderByCertificate(String issuerId, String serial);

    /**
     * Moves an order from {@code expected} to {@code next}. With {@code next} VALID, {@code certificateIssuerId}
     * and {@code certificateSerial} are stored; with INVALID, {@code errorJson}.
     *
     * @return false if the order was no longer in {@code expected}
     */
    boolean transitionOrder(String orderId, AcmeStatus.Order expected, AcmeStatus.Order next,
                            Optional<String> errorJson, Optional<String> certificateIssuerId,
                            Optional<String> certificateSerial);

    Optional<AcmeAuthorization> authorization(String id);

    Optional<AcmeChallenge> challenge(String id);

    /**
     * The account's authorizations for these identifiers that are pending or valid and expire after
     * {@code expiresAfter}; the protocol layer picks which to reuse.
     */
    List<AcmeAuthorization> authorizationsFor(String accountId, String directory, List<AcmeIdentifier> identifiers,
                                              boolean wildcard, Instant expiresAfter);

    /**
     * Challenge pending → processing when the client answers it, noting {@code at} for crash recovery.
     *
     * @return false if it was not pending
     */
    boolean startValidation(String challengeId, Instant at);

    /**
     * Order ready → processing when finalize begins issuing (compare-and-set: of concurrent callers one wins), noting
     * {@code at} for crash recovery.
     *
     * @return false if the order was not ready
     */
    boolean startFinalization(String orderId, Instant at);

    /**
     * Records a validation's outcome in one transaction: the challenge processing → valid|invalid and its
     * authorization pending → valid (expiring at {@code validAuthorizationExpires}) | invalid.
     *
     * @return false if the challenge was no longer processing (nothing written)
     */
    boolean finishValidation(String challengeId, boolean valid, Optional<String> errorJson, Instant at,
                             Instant validAuthorizationExpires);

    /** Client deactivation (§7.5.2): pending|valid → deactivated. @return false otherwise */
    boolean deactivateAuthorization(String authorizationId);

    /**
     * Housekeeping: deletes expired nonces, marks pending authorizations past expiry expired and pending/ready
     * orders past expiry invalid.
     *
     * @return how many rows changed, in all
     */
    int expire(Instant now);

    /**
     * Crash recovery: orders and challenges that entered processing at or before {@code startedBefore} and are still
     * processing were abandoned by a node that died. Orders become invalid, challenges invalid with their pending
     * authorization, each with a serverInternal problem. Set-based and idempotent, so every node may run it.
     *
     * @return how many orders and challenges were failed
     */
    AcmeRecovery recoverAbandoned(Instant startedBefore);

    // --- External Account Binding keys

    void addEabKey(EabKey key, AuditEvent event);

    Optional<EabKey> eabKey(String keyId);

    List<EabKey> eabKeys(String directory);

    // --- renewal window overrides (RFC 9773): shared by every node, so each answers renewal-info alike

    /**
     * Stores an operator's renewal window for a certificate, replacing any earlier one for it (upsert), and appends
     * {@code event} in the same transaction. Instants are stored to the microsecond.
     *
     * @throws IllegalArgumentException                if a value does not fit its column, or the window is empty
     *                                                 once truncated to microseconds
     * @throws dev.sigil.storage.StorageException NOT_FOUND if there is no such certificate (nothing is written)
     */
    void suggestRenewal(RenewalOverride override, AuditEvent event);

    /** The operator's renewal window for a certificate, if one was suggested. */
    Optional<RenewalOverride> renewalOverride(String issuerId, String serial);
}
