package dev.sigil.service.acme.accounts;

import dev.sigil.service.ca.revocation.RevocationReason;
import dev.sigil.service.ca.revocation.RevocationService;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.Page;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Revokes what an ACME account holds, page by page of its certificates. Each revocation goes through
 * {@link RevocationService#revoke} (committed with its audit record, CRL republication scheduled, OCSP answering
 * from the inventory at once); several run at a time, so the ledger group-commits them instead of paying one commit
 * each, which keeps an account with thousands of certificates inside one admin API request.
 */
final class AccountRevoker {

    /** Certificates read per page. */
    static final int PAGE = 500;
    /** Revocations in flight at once: enough to fill the ledger's group commits, few enough to stay polite. */
    static final int PARALLELISM = 32;

    /**
     * @param revoked        certificates this run revoked, as committed
     * @param alreadyRevoked certificates that were revoked before (or by a concurrent request during) this run
     * @param expired        certificates past notAfter and not revoked: left alone, no relying party accepts them
     * @param failure        the first failure, if one stopped the run (what was revoked before it stays revoked)
     */
    record Outcome(List<CertificateRecord> revoked, long alreadyRevoked, long expired,
                   Optional<SigilException> failure) {
    }

    private final AcmeStore store;
    private final RevocationService revocation;
    private final Clock clock;
    private final int pageSize;

    /** @param pageSize certificates read per page ({@link #PAGE}; tests use fewer to cross pages cheaply) */
    AccountRevoker(AcmeStore store, RevocationService revocation, Clock clock, int pageSize) {
        this.store = store;
        this.revocation = revocation;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    Outcome revokeAll(String accountId, RevocationReason reason, String actor) {
        List<CertificateRecord> revoked = Collections.synchronizedList(new ArrayList<>());
        AtomicLong alreadyRevoked = new AtomicLong();
        long expired = 0;
        AtomicReference<SigilException> failure = new AtomicReference<>();
        Optional<String> cursor = Optional.empty();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore inFlight = new Semaphore(PARALLELISM);
            do {
                Instant now = clock.instant();
                Optional<String> after = cursor;
                Page<CertificateRecord> page = AcmeAccounts.storage(() ->
                        store.accountCertificates(accountId, Optional.empty(), now, after, pageSize));
                for (CertificateRecord c : page.items()) {
                    CertificateStatus status = c.statusAt(now);
                    if (status == CertificateStatus.REVOKED) {
                        alreadyRevoked.incrementAndGet();
                    } else if (status == CertificateStatus.EXPIRED) {
                        expired++;
                    } else if (failure.get() == null) {
                        acquire(inFlight);
                        executor.execute(() -> {
                            try {
                                revoked.add(revocation.revoke(c.serial(), Optional.of(c.issuerId()), reason,
                                        Optional.empty(), actor));
                            } catch (SigilException e) {
                                if (e.kind() == ErrorKind.CONFLICT) {
                                    alreadyRevoked.incrementAndGet(); // revoked meanwhile by someone else
                                } else {
                                    failure.compareAndSet(null, e);
                                }
                            } catch (RuntimeException e) {
                                failure.compareAndSet(null, new SigilException(ErrorKind.INTERNAL,
                                        "revocation failed", e));
                            } finally {
                                inFlight.release();
                            }
                        });
                    }
                }
                cursor = page.nextCursor();
            } while (cursor.isPresent() && failure.get() == null);
            acquire(inFlight, PARALLELISM); // every revocation started has finished
        }
        return new Outcome(List.copyOf(revoked), alreadyRevoked.get(), expired, Optional.ofNullable(failure.get()));
    }

    private static void acquire(Semaphore semaphore) {
        acquire(semaphore, 1);
    }

    /** Uninterruptibly: once revocations are under way, the caller must learn how many committed. */
    private static void acquire(Semaphore semaphore, int permits) {
        semaphore.acquireUninterruptibly(permits);
    }
}
