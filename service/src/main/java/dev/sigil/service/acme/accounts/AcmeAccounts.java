package dev.sigil.service.acme.accounts;

import dev.sigil.service.ca.revocation.RevocationReason;
import dev.sigil.service.ca.revocation.RevocationService;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccountQuery;
import dev.sigil.storage.acme.AcmeAccountSummary;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.Page;
import dev.sigil.storage.ledger.Ledger;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Operators' administration of ACME accounts: what each holds, deactivation (RFC 8555 §7.3.6: the account can no
 * longer be used, its certificates stay valid) and revoking every certificate issued through an account's orders,
 * each through the same {@link RevocationService} path as a single revocation. Every change is audited.
 */
public final class AcmeAccounts {

    /** Page size when the caller gives none, and the largest one. */
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final AcmeStore store;
    private final AccountRevoker revoker;
    private final Ledger ledger;
    private final Set<String> directories;
    private final Clock clock;

    /**
     * @param directories the configured directory names: a listing filtered by another name is a 404, so that a
     *                    typo during an incident does not read as "no accounts"
     */
    public AcmeAccounts(AcmeStore store, RevocationService revocation, Ledger ledger, Set<String> directories,
                        Clock clock) {
        this(store, revocation, ledger, directories, clock, AccountRevoker.PAGE);
    }

    /** As above, reading {@code revocationPage} certificates at a time while revoking (tests). */
    AcmeAccounts(AcmeStore store, RevocationService revocation, Ledger ledger, Set<String> directories, Clock clock,
                 int revocationPage) {
        this.store = store;
        this.revoker = new AccountRevoker(store, revocation, clock, revocationPage);
        this.ledger = ledger;
        this.directories = Set.copyOf(directories);
        this.clock = clock;
    }

    /** What {@link #revokeCertificates} did; {@code account} is read after it finished. */
    public record Revocations(AcmeAccountSummary account, List<CertificateRecord> revoked, long alreadyRevoked,
                              long expired, boolean deactivated) {
    }

    public Page<AcmeAccountSummary> list(Optional<String> directory, Optional<AcmeStatus.Account> status, int limit,
                                         Optional<String> cursor) {
        directory.ifPresent(d -> {
            if (!directories.contains(d)) {
                throw SigilException.notFound("no ACME directory '" + d + "' (configured: "
                        + String.join(", ", directories.stream().sorted().toList()) + ")");
            }
        });
        return storage(() -> {
            try {
                return store.accountSummaries(new AcmeAccountQuery(directory, status, clock.instant(), limit, cursor));
            } catch (IllegalArgumentException e) {
                throw SigilException.malformed("cursor: not a cursor of this listing");
            }
        });
    }

    /** @throws SigilException not-found */
    public AcmeAccountSummary get(String id) {
        return storage(() -> store.accountSummary(id, clock.instant()))
                .orElseThrow(() -> SigilException.notFound("no ACME account " + id));
    }

    /** The certificates issued through the account's orders, oldest order first. */
    public Page<CertificateRecord> certificates(String id, Optional<CertificateStatus> status, int limit,
                                                Optional<String> cursor) {
        get(id);
        return storage(() -> {
            try {
                return store.accountCertificates(id, status, clock.instant(), cursor, limit);
            } catch (IllegalArgumentException e) {
                throw SigilException.malformed("cursor: not a cursor of this listing");
            }
        });
    }

    /**
     * Deactivates a valid account, as its holder could (§7.3.6): the ACME front end refuses its requests from now on.
     *
     * @throws SigilException not-found; conflict if it is already deactivated or revoked
     */
    public AcmeAccountSummary deactivate(String id, String actor) {
        AcmeAccountSummary a = get(id);
        if (!changeToDeactivated(a, actor, "by operator")) {
            AcmeAccountSummary now = get(id);
            throw SigilException.conflict("ACME account " + id + " is already "
                    + now.account().status().name().toLowerCase(Locale.ROOT));
        }
        return get(id);
    }

    /**
     * Revokes every certificate issued through the account's orders that is still valid, each committed and audited
     * before this returns; already revoked and expired ones are counted, not touched, so a second run revokes only
     * what the first left. With {@code deactivate}, a valid account is deactivated first, so it cannot obtain new
     * certificates while its old ones are being revoked.
     *
     * @throws SigilException not-found; unavailable (with how many were revoked before) if the database failed
     */
    public Revocations revokeCertificates(String id, RevocationReason reason, boolean deactivate, String actor) {
        AcmeAccountSummary before = get(id);
        boolean deactivated = deactivate && before.account().status() == AcmeStatus.Account.VALID
                && changeToDeactivated(before, actor, "before revoking its certificates");
        AccountRevoker.Outcome outcome = revoker.revokeAll(id, reason, actor);
        String target = target(before);
        String details = "reason=" + reason.rfcName() + " revoked=" + outcome.revoked().size() + " alreadyRevoked="
                + outcome.alreadyRevoked() + " expired=" + outcome.expired();
        if (outcome.failure().isPresent()) {
            SigilException failure = outcome.failure().get();
            try {
                ledger.audit(new AuditEvent(clock.instant(), actor, "acme.account.revoke-certificates", target,
                        "failed", details));
            } catch (RuntimeException ignored) {
                // The database failed already; each revocation that happened has its own audit record.
            }
            throw new SigilException(failure.kind() == ErrorKind.INTERNAL ? ErrorKind.INTERNAL : ErrorKind.UNAVAILABLE,
                    "revoked " + outcome.revoked().size() + " certificate(s) of ACME account " + id
                            + " before a revocation failed (" + failure.getMessage() + "); run it again to revoke"
                            + " the rest", failure);
        }
        storage(() -> {
            ledger.audit(AuditEvent.success(clock.instant(), actor, "acme.account.revoke-certificates", target,
                    details));
            return null;
        });
        return new Revocations(get(id), outcome.revoked(), outcome.alreadyRevoked(), outcome.expired(), deactivated);
    }

    /** @return false if the account was no longer valid */
    private boolean changeToDeactivated(AcmeAccountSummary a, String actor, String why) {
        return storage(() -> store.transitionAccount(a.account().id(), AcmeStatus.Account.VALID,
                AcmeStatus.Account.DEACTIVATED, AuditEvent.success(clock.instant(), actor, "acme.account.deactivate",
                        target(a), why)));
    }

    /** The audit target of an account, as the ACME front end writes it ({@code acme:DIRECTORY/ID}). */
    private static String target(AcmeAccountSummary a) {
        return "acme:" + a.account().directory() + "/" + a.account().id();
    }

    /** Runs a store call, turning its failures into problems. */
    static <T> T storage(Supplier<T> call) {
        try {
            return call.get();
        } catch (StorageException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> SigilException.notFound(e.getMessage());
                case CONFLICT -> SigilException.conflict(e.getMessage());
                case UNAVAILABLE -> new SigilException(ErrorKind.UNAVAILABLE, "the database is unavailable", e);
            };
        }
    }
}
