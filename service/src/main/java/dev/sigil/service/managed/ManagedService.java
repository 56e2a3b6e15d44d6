package dev.sigil.service.managed;

import dev.sigil.service.ca.keys.KeyCustodyException;
import dev.sigil.service.ca.revocation.RevocationReason;
import dev.sigil.service.ca.revocation.RevocationService;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.webhook.Notifier;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.managed.ManagedCertificate;
import dev.sigil.storage.managed.ManagedSpec;
import dev.sigil.storage.managed.ManagedState;
import dev.sigil.storage.managed.ManagedStore;
import dev.sigil.storage.managed.ManagedVersion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Managed certificates: Sigil holds the key, issues each version through the ordinary issuance path and renews it
 * before it expires (docs/MANAGED.md). Several nodes may renew at once: a renewal first claims the row with a
 * compare-and-set and a lease, so exactly one node issues the next version. A failed renewal is recorded on the row
 * with an exponential backoff and tried again by the next run due.
 */
public final class ManagedService {

    /** Sigil's own HTTPS certificate. */
    public static final String HTTPS_NAME = "sigil-https";
    /** Its profile, reserved to it. */
    public static final String HTTPS_PROFILE = "sigil-tls";
    /** How long a node may take to renew a claimed certificate before another node may try (a crash mid-renewal). */
    static final Duration LEASE = Duration.ofMinutes(5);
    /** Certificates renewed, and superseded versions revoked, per run at most; the rest wait for the next run. */
    static final int BATCH = 100;
    static final String SYSTEM = "system";
    private static final int CAS_RETRIES = 3;
    private static final System.Logger LOG = System.getLogger(ManagedService.class.getName());

    private final ManagedStore store;
    private final ManagedIssuer issuer;
    private final RevocationService revocation;
    private final Notifier notifier;
    private final SigilMetrics metrics;
    private final Clock clock;

    public ManagedService(ManagedStore store, ManagedIssuer issuer, RevocationService revocation, Notifier notifier,
                          SigilMetrics metrics, Clock clock) {
        this.store = store;
        this.issuer = issuer;
        this.revocation = revocation;
        this.notifier = notifier;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Generates a key, issues version 1 and starts managing it.
     *
     * @throws SigilException conflict if the name is taken (also by a deleted one), policy if the profile refuses,
     *                        malformed for an unknown key type, unavailable if the database is down
     */
    public ManagedView create(ManagedSpec spec, String actor) {
        ManagedIssuer.keyType(spec.keyType());
        if (HTTPS_PROFILE.equals(spec.profile())) {
            ManagedIssuer.httpsProfile(spec);
        }
        if (stored(() -> store.find(spec.name())).isPresent()) {
            throw taken(spec.name());
        }
        ManagedIssuer.Issued issued = issuer.issue(spec, 1, actor);
        CertificateRecord c = issued.certificate();
        Instant now = clock.instant();
        ManagedCertificate m = new ManagedCertificate(spec, ManagedState.ACTIVE, 1, c.issuerId(), c.serial(), c.notAfter(),
                spec.renewal().renewAt(c.notBefore(), c.notAfter()), 0, now, Optional.empty(), Optional.empty(), 0, now,
                actor);
        try {
            store.create(m, issued.version(), AuditEvent.success(now, actor, "managed.create", spec.name(),
                    "profile=" + spec.profile() + " sans=" + spec.sans() + " serial=" + c.serial()));
        } catch (StorageException e) {
            discard(c);
            throw e.kind() == StorageException.Kind.CONFLICT ? taken(spec.name()) : translate(e);
        }
        return show(spec.name());
    }

    /** Every managed certificate, active and deleted, by name. */
    public List<ManagedCertificate> list() {
        return stored(store::list);
    }

    /** @throws SigilException not-found if there is no managed certificate of that name */
    public ManagedView show(String name) {
        ManagedCertificate m = find(name);
        return new ManagedView(m, stored(() -> store.history(name)));
    }

    /**
     * Renews now with a fresh key, whatever the schedule.
     *
     * @throws SigilException not-found; conflict if deleted or another renewal is running; policy if the profile
     *                        refuses now (the failure is recorded like a scheduled one); unavailable
     */
    public ManagedView rotate(String name, String actor) {
        for (int attempt = 0; attempt < CAS_RETRIES; attempt++) {
            ManagedCertificate m = find(name);
            Instant now = clock.instant();
            if (m.state() != ManagedState.ACTIVE) {
                throw SigilException.conflict("managed certificate " + name + " is deleted; nothing to rotate");
            }
            if (m.claimedUntil().filter(now::isBefore).isPresent()) {
                throw SigilException.conflict("a renewal of " + name + " is running; try again shortly");
            }
            Optional<ManagedCertificate> claimed = stored(() -> store.claim(name, m.rowVersion(), now.plus(LEASE)));
            if (claimed.isPresent()) {
                if (!renew(claimed.get(), actor, "managed.rotate")) {
                    throw SigilException.conflict("managed certificate " + name + " changed while it was rotated");
                }
                return show(name);
            }
        }
        throw SigilException.conflict("managed certificate " + name + " keeps changing; try again");
    }

    /**
     * Replaces the spec of an active managed certificate (same name) and rotates it at once, so that the current
     * certificate carries the new names, key type and lifetime; issuance policy applies to the new spec as always.
     */
    public ManagedView respec(ManagedSpec spec, String actor) {
        String name = spec.name();
        for (int attempt = 0; attempt < CAS_RETRIES; attempt++) {
            ManagedCertificate m = find(name);
            if (m.state() != ManagedState.ACTIVE) {
                throw SigilException.conflict("managed certificate " + name + " is deleted");
            }
            AuditEvent event = AuditEvent.success(clock.instant(), actor, "managed.update", name,
                    "sans=" + spec.sans() + " lifetime=" + spec.lifetime() + " keyType=" + spec.keyType());
            if (stored(() -> store.updateSpec(name, m.rowVersion(), spec, event))) {
                return rotate(name, actor);
            }
        }
        throw SigilException.conflict("managed certificate " + name + " keeps changing; try again");
    }

    /** Stops renewing {@code name}; its current certificate stays valid, its row and history stay for the audit trail. */
    public void delete(String name, String actor) {
        if (HTTPS_NAME.equals(name)) {
            throw SigilException.conflict(HTTPS_NAME + " is Sigil's own HTTPS certificate; it cannot be deleted");
        }
        for (int attempt = 0; attempt < CAS_RETRIES; attempt++) {
            ManagedCertificate m = find(name);
            if (m.state() != ManagedState.ACTIVE) {
                throw SigilException.conflict("managed certificate " + name + " is already deleted");
            }
            AuditEvent event = AuditEvent.success(clock.instant(), actor, "managed.delete", name,
                    "version=" + m.currentVersion() + " serial=" + m.currentSerial());
            if (stored(() -> store.delete(name, m.rowVersion(), event))) {
                updateFailingGauge();
                return;
            }
        }
        throw SigilException.conflict("managed certificate " + name + " keeps changing; try again");
    }

    /** @throws SigilException not-found for an absent or deleted managed certificate */
    public Credential credential(String name) {
        ManagedCertificate m = find(name);
        if (m.state() != ManagedState.ACTIVE) {
            throw SigilException.notFound("managed certificate " + name + " is deleted");
        }
        ManagedVersion current = stored(() -> store.version(name, m.currentVersion())).orElseThrow(() ->
                new SigilException(ErrorKind.INTERNAL, "version " + m.currentVersion() + " of " + name + " is missing"));
        return issuer.open(current);
    }

    /**
     * Renews what is due (the scheduled job's entry): claims each due row, renews it, and records a failure with
     * backoff when that fails. Failures stay per certificate; only a failure to list what is due escapes.
     *
     * @return how many certificates this call renewed
     */
    public int renewDue() {
        Instant now = clock.instant();
        int renewed = 0;
        for (ManagedCertificate due : store.due(now, BATCH)) {
            Optional<ManagedCertificate> claimed;
            try {
                claimed = store.claim(due.name(), due.rowVersion(), now.plus(LEASE));
            } catch (RuntimeException e) {
                // Nothing could be written, so nothing is recorded: the row is still due on the next run.
                metrics.managedRenewal("failure");
                LOG.log(System.Logger.Level.WARNING, "renewal of {0} failed before it started: {1}", due.name(), describe(e));
                continue;
            }
            if (claimed.isEmpty()) {
                continue; // another node claimed it, or it changed since it was listed
            }
            try {
                if (renew(claimed.get(), SYSTEM, "managed.renew")) {
                    renewed++;
                }
            } catch (RuntimeException e) {
                // recorded by renew(); the next attempt comes with the backoff
            }
        }
        updateFailingGauge();
        return renewed;
    }

    /**
     * Revokes (reason superseded) the superseded versions whose grace period is over.
     *
     * @return how many this call revoked
     */
    public int revokeSuperseded() {
        int revoked = 0;
        for (ManagedVersion v : store.revocationsDue(clock.instant(), BATCH)) {
            try {
                revocation.revoke(v.serial(), Optional.of(v.issuerId()), RevocationReason.SUPERSEDED, Optional.empty(),
                        SYSTEM);
                revoked++;
            } catch (SigilException e) {
                if (e.kind() != ErrorKind.CONFLICT) { // conflict: revoked already (e.g. by an operator); just mark it
                    LOG.log(System.Logger.Level.WARNING, "revoking superseded {0} failed, retried on the next run: {1}",
                            v, e.getMessage());
                    continue;
                }
            }
            try {
                store.markRevoked(v.name(), v.version());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not mark {0} revoked, retried on the next run: {1}", v,
                        describe(e));
            }
        }
        return revoked;
    }

    /**
     * Issues the next version of a claimed row and makes it current.
     *
     * @return false if the row changed meanwhile (deleted, or renewed elsewhere after the lease ran out)
     * @throws SigilException when the renewal failed; the failure is recorded before
     */
    private boolean renew(ManagedCertificate claimed, String actor, String action) {
        String name = claimed.name();
        ManagedIssuer.Issued issued = null;
        boolean rotated;
        try {
            issued = issuer.issue(claimed.spec(), claimed.currentVersion() + 1, actor);
            CertificateRecord c = issued.certificate();
            Instant now = clock.instant();
            Optional<Instant> revokeAfter = claimed.spec().revokeSuperseded()
                    ? Optional.of(now.plus(claimed.spec().revokeGrace())) : Optional.empty();
            rotated = store.rotate(name, claimed.rowVersion(), issued.version(),
                    claimed.spec().renewal().renewAt(c.notBefore(), c.notAfter()), revokeAfter,
                    AuditEvent.success(now, actor, action, name, "version=" + issued.version().version() + " serial="
                            + c.serial() + " previous=" + claimed.currentSerial()));
        } catch (RuntimeException e) {
            if (issued != null) {
                discard(issued.certificate()); // the rotation did not commit: nobody gets this certificate's key
            }
            failed(claimed, actor, action, e);
            throw e instanceof SigilException s ? s : translate(e);
        }
        if (!rotated) {
            discard(issued.certificate());
            return false;
        }
        metrics.managedRenewal("success");
        CertificateRecord c = issued.certificate();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        data.put("version", issued.version().version());
        data.put("serial", c.serial());
        data.put("issuer", c.issuerId());
        data.put("notAfter", c.notAfter().toString());
        data.put("previousSerial", claimed.currentSerial());
        notify("managed.rotated", name, data);
        return true;
    }

    /** Records a failed renewal (best effort: the database may be what failed), counts, logs and warns. */
    private void failed(ManagedCertificate claimed, String actor, String action, RuntimeException e) {
        metrics.managedRenewal("failure");
        String name = claimed.name();
        String error = describe(e);
        int failures = claimed.consecutiveFailures() + 1;
        Instant now = clock.instant();
        Instant next = RenewalBackoff.nextAttempt(failures, now, claimed.currentNotAfter());
        LOG.log(System.Logger.Level.WARNING, "renewal of {0} failed ({1} in a row), next attempt at {2}: {3}", name,
                failures, next, error);
        String auditAction = action.equals("managed.rotate") ? action : "managed.renew.failed";
        try {
            store.recordFailure(name, claimed.rowVersion(), failures, next, error, new AuditEvent(now, actor,
                    auditAction, name, "failed", "failures=" + failures + " next=" + next + " error=" + error));
        } catch (RuntimeException re) {
            // The lease runs out by itself; the row is then due again.
            LOG.log(System.Logger.Level.WARNING, "could not record the failed renewal of {0}: {1}", name, describe(re));
        }
        if (RenewalBackoff.expiresFirst(failures, now, claimed.currentNotAfter())) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("name", name);
            data.put("version", claimed.currentVersion());
            data.put("serial", claimed.currentSerial());
            data.put("notAfter", claimed.currentNotAfter().toString());
            data.put("consecutiveFailures", failures);
            data.put("nextAttemptAt", next.toString());
            data.put("lastError", ManagedCertificate.clip(error));
            notify("managed.renewal-failing", name, data);
        }
    }

    /** A certificate nobody will use (its key is dropped): revoked so that the inventory does not show it as live. */
    private void discard(CertificateRecord c) {
        try {
            revocation.revoke(c.serial(), Optional.of(c.issuerId()), RevocationReason.CESSATION_OF_OPERATION,
                    Optional.empty(), SYSTEM);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not revoke unused certificate {0}/{1}: {2}", c.issuerId(),
                    c.serial(), describe(e));
        }
    }

    private void notify(String event, String name, Map<String, Object> data) {
        try {
            notifier.notify(event, name, data);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not record the {0} event of {1}: {2}", event, name, describe(e));
        }
    }

    private void updateFailingGauge() {
        try {
            metrics.managedRenewalFailing(store.list().stream()
                    .filter(m -> m.state() == ManagedState.ACTIVE && m.consecutiveFailures() > 0).count());
        } catch (RuntimeException e) {
            // the gauge keeps its last value; the database failure shows elsewhere
        }
    }

    private ManagedCertificate find(String name) {
        return stored(() -> store.find(name))
                .orElseThrow(() -> SigilException.notFound("no managed certificate named " + name));
    }

    private static SigilException taken(String name) {
        return SigilException.conflict("a managed certificate named " + name + " exists (names of deleted ones stay taken)");
    }

    private static <T> T stored(Supplier<T> call) {
        try {
            return call.get();
        } catch (StorageException e) {
            throw translate(e);
        }
    }

    private static SigilException translate(RuntimeException e) {
        if (e instanceof StorageException s && s.kind() == StorageException.Kind.UNAVAILABLE) {
            return new SigilException(ErrorKind.UNAVAILABLE, "the database is unavailable: " + s.getMessage(), s);
        }
        return new SigilException(ErrorKind.INTERNAL, describe(e), e);
    }

    /** A failure as text for logs and the row: messages here never carry key material. */
    private static String describe(RuntimeException e) {
        if (e instanceof SigilException || e instanceof StorageException || e instanceof KeyCustodyException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
