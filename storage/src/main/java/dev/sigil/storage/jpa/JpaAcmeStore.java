package dev.sigil.storage.jpa;

import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAccountQuery;
import dev.sigil.storage.acme.AcmeAccountSummary;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeRecovery;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.acme.EabKey;
import dev.sigil.storage.acme.RenewalOverride;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.Page;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link AcmeStore} on the tables of {@code V2__acme.sql} and {@code V3__acme_renewal_windows.sql}, one class per
 * concern behind this front.
 *
 * <p>Time: a nonce, order or authorization is live while {@code expires_at > now}; {@link #expire} ends what is
 * not ({@code expires_at <= now}), matching {@link #redeemNonce} and {@link #authorizationsFor}.
 *
 * <p>Account-level changes (accounts, EAB keys) and operators' renewal windows append their audit record in the
 * same transaction after locking the audit head, like every ledger write. Nonces, orders, authorizations and
 * challenges are not audited: they are high-volume protocol steps, and nonces must stay one statement each.
 */
final class JpaAcmeStore implements AcmeStore {

    /**
     * The problem document an order gets when {@link #expire} invalidates it. {@code unauthorized} because the
     * client did not complete (prove control, then finalize) within the order's lifetime: RFC 8555 §7.1.6 lets
     * a pending or ready order become invalid on expiry, and none of §6.7's other types describes that.
     */
    static final String EXPIRED_ORDER_ERROR = "{\"type\":\"urn:ietf:params:acme:error:unauthorized\","
            + "\"detail\":\"the order expired before it was finalized\",\"status\":403}";

    /**
     * The problem an order or challenge gets when {@link #recoverAbandoned} fails it: the node working on it died
     * (or took far longer than any request may), so the outcome is unknown to the client; nothing it did was wrong.
     */
    static final String ABANDONED_ORDER_ERROR = "{\"type\":\"urn:ietf:params:acme:error:serverInternal\","
            + "\"detail\":\"issuance was interrupted by a server failure; create a new order\",\"status\":500}";
    static final String ABANDONED_CHALLENGE_ERROR = "{\"type\":\"urn:ietf:params:acme:error:serverInternal\","
            + "\"detail\":\"validation was interrupted by a server failure; create a new order\",\"status\":500}";

    private final Transactions tx;
    private final JpaAcmeNonces nonces;
    private final JpaAcmeAccounts accounts;
    private final JpaAcmeAccountAdmin accountAdmin;
    private final JpaAcmeEabKeys eabKeys;
    private final JpaAcmeOrders orders;
    private final JpaAcmeAuthorizations authorizations;
    private final JpaAcmeRenewalWindows renewalWindows;

    JpaAcmeStore(Transactions tx) {
        this.tx = tx;
        this.nonces = new JpaAcmeNonces(tx);
        this.accounts = new JpaAcmeAccounts(tx);
        this.accountAdmin = new JpaAcmeAccountAdmin(tx);
        this.eabKeys = new JpaAcmeEabKeys(tx);
        this.orders = new JpaAcmeOrders(tx);
        this.authorizations = new JpaAcmeAuthorizations(tx);
        this.renewalWindows = new JpaAcmeRenewalWindows(tx);
    }

    @Override
    public void addNonces(List<String> values, Instant expiresAt) {
        nonces.add(values, expiresAt);
    }

    @Override
    public boolean redeemNonce(String nonce, Instant now) {
        return nonces.redeem(nonce, now);
    }

    @Override
    public void createAccount(AcmeAccount account, AuditEvent event) {
        accounts.create(account, event);
    }

    @Override
    public Optional<AcmeAccount> account(String id) {
        return accounts.find(id);
    }

    @Override
    public Optional<AcmeAccount> accountByKey(String directory, String keyThumbprint) {
        return accounts.findByKey(directory, keyThumbprint);
    }

    @Override
    public void updateAccount(String id, List<String> contacts, AcmeStatus.Account status, AuditEvent event) {
        accounts.update(id, contacts, status, event);
    }

    @Override
    public boolean changeAccountKey(String id, String oldThumbprint, String newThumbprint, String newJwkJson,
                                    AuditEvent event) {
        return accounts.changeKey(id, oldThumbprint, newThumbprint, newJwkJson, event);
    }

    @Override
    public Page<AcmeAccount> accounts(String directory, Optional<String> cursor, int limit) {
        return accounts.list(directory, cursor, limit);
    }

    @Override
    public Page<AcmeAccountSummary> accountSummaries(AcmeAccountQuery query) {
        return accountAdmin.list(query);
    }

    @Override
    public Optional<AcmeAccountSummary> accountSummary(String id, Instant now) {
        return accountAdmin.find(id, now);
    }

    @Override
    public Page<CertificateRecord> accountCertificates(String accountId, Optional<CertificateStatus> status,
                                                       Instant now, Optional<String> cursor, int limit) {
        return accountAdmin.certificates(accountId, status, now, cursor, limit);
    }

    @Override
    public boolean transitionAccount(String id, AcmeStatus.Account expected, AcmeStatus.Account next,
                                     AuditEvent event) {
        return accountAdmin.transition(id, expected, next, event);
    }

    @Override
    public void createOrder(AcmeOrder order, List<AcmeAuthorization> newAuthorizations) {
        orders.create(order, newAuthorizations);
    }

    @Override
    public Optional<AcmeOrder> order(String id) {
        return orders.find(id);
    }

    @Override
    public Page<AcmeOrder> ordersOf(String accountId, Optional<String> cursor, int limit) {
        return orders.ofAccount(accountId, cursor, limit);
    }

    @Override
    public Optional<AcmeOrder> orderByCertificate(String issuerId, String serial) {
        return orders.byCertificate(issuerId, serial);
    }

    @Override
    public boolean transitionOrder(String orderId, AcmeStatus.Order expected, AcmeStatus.Order next,
                                   Optional<String> errorJson, Optional<String> certificateIssuerId,
                                   Optional<String> certificateSerial) {
        return orders.transition(orderId, expected, next, errorJson, certificateIssuerId, certificateSerial);
    }

    @Override
    public Optional<AcmeAuthorization> authorization(String id) {
        return authorizations.find(id);
    }

    @Override
    public Optional<AcmeChallenge> challenge(String id) {
        return authorizations.challenge(id);
    }

    @Override
    public List<AcmeAuthorization> authorizationsFor(String accountId, String directory,
                                                     List<AcmeIdentifier> identifiers, boolean wildcard,
                                                     Instant expiresAfter) {
        return authorizations.reusable(accountId, directory, identifiers, wildcard, expiresAfter);
    }

    @Override
    public boolean startValidation(String challengeId, Instant at) {
        return authorizations.startValidation(challengeId, at);
    }

    @Override
    public boolean startFinalization(String orderId, Instant at) {
        return orders.startFinalization(orderId, at);
    }

    @Override
    public boolean finishValidation(String challengeId, boolean valid, Optional<String> errorJson, Instant at,
                                    Instant validAuthorizationExpires) {
        return authorizations.finishValidation(challengeId, valid, errorJson, at, validAuthorizationExpires);
    }

    @Override
    public boolean deactivateAuthorization(String authorizationId) {
        return authorizations.deactivate(authorizationId);
    }

    /** One transaction of three set-based statements, each served by a (status, expires_at) or expires_at index. */
    @Override
    public int expire(Instant now) {
        long at = Micros.of(now);
        return tx.write("expire ACME state", em -> JpaAcmeNonces.deleteExpired(em, at)
                + JpaAcmeAuthorizations.expire(em, at)
                + JpaAcmeOrders.expire(em, at, EXPIRED_ORDER_ERROR));
    }

    /** One transaction; each statement is served by a (status, processing_since) index. */
    @Override
    public AcmeRecovery recoverAbandoned(Instant startedBefore) {
        long before = Micros.of(startedBefore);
        return tx.write("recover abandoned ACME state", em -> {
            int challenges = JpaAcmeAuthorizations.failAbandoned(em, before, ABANDONED_CHALLENGE_ERROR);
            int orders = JpaAcmeOrders.failAbandoned(em, before, ABANDONED_ORDER_ERROR);
            return new AcmeRecovery(orders, challenges);
        });
    }

    @Override
    public void addEabKey(EabKey key, AuditEvent event) {
        eabKeys.add(key, event);
    }

    @Override
    public Optional<EabKey> eabKey(String keyId) {
        return eabKeys.find(keyId);
    }

    @Override
    public List<EabKey> eabKeys(String directory) {
        return eabKeys.list(directory);
    }

    @Override
    public void suggestRenewal(RenewalOverride override, AuditEvent event) {
        renewalWindows.suggest(override, event);
    }

    @Override
    public Optional<RenewalOverride> renewalOverride(String issuerId, String serial) {
        return renewalWindows.find(issuerId, serial);
    }
}
