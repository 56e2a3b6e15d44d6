package dev.sigil.storage.jpa;

import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.managed.ManagedCertificate;
import dev.sigil.storage.managed.ManagedSpec;
import dev.sigil.storage.managed.ManagedState;
import dev.sigil.storage.managed.ManagedStore;
import dev.sigil.storage.managed.ManagedVersion;
import dev.sigil.storage.managed.RenewalRule;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.sigil.storage.jpa.ManagedRows.NULL_BIGINT;
import static dev.sigil.storage.jpa.ManagedRows.NULL_DOUBLE;
import static dev.sigil.storage.jpa.ManagedRows.NULL_TEXT;
import static dev.sigil.storage.jpa.ManagedRows.micros;
import static dev.sigil.storage.jpa.ManagedRows.orNull;

/**
 * {@link ManagedStore} in native SQL. Audited changes lock the audit head first, as every ledger write does, so all
 * writers take their locks in one order; each change is an {@code UPDATE ... WHERE row_version = ?} whose row count
 * tells whether it won. The lease ({@link #claim}) is not audited: it changes nothing a consumer sees.
 */
final class JpaManagedStore implements ManagedStore {

    private static final String CAS = " row_version = row_version + 1 WHERE name = ? AND row_version = ?";

    private final Transactions tx;

    JpaManagedStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void create(ManagedCertificate m, ManagedVersion first, AuditEvent event) {
        if (first.version() != m.currentVersion() || !first.name().equals(m.name())) {
            throw new IllegalArgumentException("the first version must be the managed certificate's current one");
        }
        ColumnLimits.check("createdBy", m.createdBy(), ColumnLimits.ACTOR);
        AuditChain.validate(event);
        ManagedSpec s = m.spec();
        tx.write("create managed certificate", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            Optional<Double> fraction = s.renewal() instanceof RenewalRule.AtFraction f ? Optional.of(f.fraction()) : Optional.empty();
            Optional<Long> before = s.renewal() instanceof RenewalRule.BeforeExpiry b ? Optional.of(b.before().toSeconds()) : Optional.empty();
            ManagedRows.update(em, "INSERT INTO managed_certificates (name, common_name, sans, profile, key_type,"
                            + " lifetime_seconds, renew_at_fraction, renew_before_seconds, owner, revoke_superseded,"
                            + " revoke_grace_seconds, state, current_version, current_issuer_id, current_serial,"
                            + " next_renewal_at, consecutive_failures, next_attempt_at, claimed_until, last_error,"
                            + " row_version, created_at, created_by)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    s.name(), orNull(s.commonName(), NULL_TEXT), ManagedRows.sansText(s.sans()), s.profile(), s.keyType(),
                    s.lifetime().toSeconds(), orNull(fraction, NULL_DOUBLE), orNull(before, NULL_BIGINT),
                    orNull(s.owner(), NULL_TEXT), s.revokeSuperseded(), s.revokeGrace().toSeconds(), m.state().name(),
                    m.currentVersion(), m.currentIssuerId(), m.currentSerial(), Micros.of(m.nextRenewalAt()),
                    m.consecutiveFailures(), Micros.of(m.nextAttemptAt()), micros(m.claimedUntil()),
                    orNull(m.lastError(), NULL_TEXT), m.rowVersion(), Micros.of(m.createdAt()), m.createdBy());
            insertVersion(em, first);
            AuditChain.append(em, head, event);
            return null;
        });
    }

    @Override
    public Optional<ManagedCertificate> find(String name) {
        return tx.read("find managed certificate", em -> find(em, name));
    }

    private static Optional<ManagedCertificate> find(EntityManager em, String name) {
        return ManagedRows.query(em, ManagedRows.SELECT_MANAGED + " WHERE m.name = ?", ManagedRows::managed, name)
                .stream().findFirst();
    }

    @Override
    public List<ManagedCertificate> list() {
        return tx.read("list managed certificates", em ->
                ManagedRows.query(em, ManagedRows.SELECT_MANAGED + " ORDER BY m.name", ManagedRows::managed));
    }

    @Override
    public List<ManagedVersion> history(String name) {
        // The key column is replaced by an empty constant: listings never carry key material.
        return tx.read("read managed history", em -> ManagedRows.query(em,
                "SELECT " + ManagedRows.VERSION_COLUMNS.formatted("NULL") + " FROM managed_versions WHERE name = ?"
                        + " ORDER BY version", ManagedRows::version, name));
    }

    @Override
    public Optional<ManagedVersion> version(String name, int version) {
        return tx.read("read managed version", em -> ManagedRows.query(em,
                "SELECT " + ManagedRows.VERSION_COLUMNS.formatted("encrypted_key") + " FROM managed_versions"
                        + " WHERE name = ? AND version = ?", ManagedRows::version, name, version).stream().findFirst());
    }

    @Override
    public List<ManagedCertificate> due(Instant now, int limit) {
        long at = Micros.of(now);
        return tx.read("find due managed certificates", em -> ManagedRows.query(em, ManagedRows.SELECT_MANAGED
                        + " WHERE m.state = ? AND m.next_renewal_at <= ? AND m.next_attempt_at <= ?"
                        + " AND (m.claimed_until IS NULL OR m.claimed_until <= ?) ORDER BY m.next_renewal_at, m.name LIMIT "
                        + Math.max(1, limit),
                ManagedRows::managed, ManagedState.ACTIVE.name(), at, at, at));
    }

    @Override
    public Optional<ManagedCertificate> claim(String name, long rowVersion, Instant until) {
        long lease = Micros.of(until);
        return tx.write("claim managed renewal", em -> {
            int n = ManagedRows.update(em, "UPDATE managed_certificates SET claimed_until = ?," + CAS + " AND state = ?",
                    lease, name, rowVersion, ManagedState.ACTIVE.name());
            return n == 1 ? find(em, name) : Optional.empty();
        });
    }

    @Override
    public boolean rotate(String name, long rowVersion, ManagedVersion next, Instant nextRenewalAt,
                          Optional<Instant> revokePreviousAfter, AuditEvent event) {
        if (!next.name().equals(name) || next.supersededAt().isPresent() || next.revoked()) {
            throw new IllegalArgumentException("the next version must be a fresh version of " + name);
        }
        AuditChain.validate(event);
        long created = Micros.of(next.createdAt());
        return tx.write("rotate managed certificate", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            int n = ManagedRows.update(em, "UPDATE managed_certificates SET current_version = ?, current_issuer_id = ?,"
                            + " current_serial = ?, next_renewal_at = ?, consecutive_failures = 0, next_attempt_at = ?,"
                            + " claimed_until = NULL, last_error = NULL," + CAS,
                    next.version(), next.issuerId(), next.serial(), Micros.of(nextRenewalAt), created, name, rowVersion);
            if (n != 1) {
                return false;
            }
            ManagedRows.update(em, "UPDATE managed_versions SET superseded_at = ?, revoke_after = ?"
                    + " WHERE name = ? AND superseded_at IS NULL", created, micros(revokePreviousAfter), name);
            insertVersion(em, next);
            AuditChain.append(em, head, event);
            return true;
        });
    }

    @Override
    public boolean recordFailure(String name, long rowVersion, int consecutiveFailures, Instant nextAttemptAt,
                                 String error, AuditEvent event) {
        AuditChain.validate(event);
        long next = Micros.of(nextAttemptAt);
        return tx.write("record managed renewal failure", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            int n = ManagedRows.update(em, "UPDATE managed_certificates SET consecutive_failures = ?, next_attempt_at = ?,"
                            + " last_error = ?, claimed_until = NULL," + CAS,
                    consecutiveFailures, next, ManagedCertificate.clip(error), name, rowVersion);
            if (n == 1) {
                AuditChain.append(em, head, event);
            }
            return n == 1;
        });
    }

    @Override
    public boolean updateSpec(String name, long rowVersion, ManagedSpec s, AuditEvent event) {
        if (!s.name().equals(name)) {
            throw new IllegalArgumentException("a managed certificate keeps its name");
        }
        AuditChain.validate(event);
        Optional<Double> fraction = s.renewal() instanceof RenewalRule.AtFraction f ? Optional.of(f.fraction()) : Optional.empty();
        Optional<Long> before = s.renewal() instanceof RenewalRule.BeforeExpiry b ? Optional.of(b.before().toSeconds()) : Optional.empty();
        return tx.write("update managed certificate", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            int n = ManagedRows.update(em, "UPDATE managed_certificates SET common_name = ?, sans = ?, profile = ?,"
                            + " key_type = ?, lifetime_seconds = ?, renew_at_fraction = ?, renew_before_seconds = ?,"
                            + " owner = ?, revoke_superseded = ?, revoke_grace_seconds = ?," + CAS + " AND state = ?",
                    orNull(s.commonName(), NULL_TEXT), ManagedRows.sansText(s.sans()), s.profile(), s.keyType(),
                    s.lifetime().toSeconds(), orNull(fraction, NULL_DOUBLE), orNull(before, NULL_BIGINT),
                    orNull(s.owner(), NULL_TEXT), s.revokeSuperseded(), s.revokeGrace().toSeconds(), name, rowVersion,
                    ManagedState.ACTIVE.name());
            if (n == 1) {
                AuditChain.append(em, head, event);
            }
            return n == 1;
        });
    }

    @Override
    public boolean delete(String name, long rowVersion, AuditEvent event) {
        AuditChain.validate(event);
        return tx.write("delete managed certificate", em -> {
            AuditHeadEntity head = AuditChain.lockHead(em);
            int n = ManagedRows.update(em, "UPDATE managed_certificates SET state = ?, claimed_until = NULL," + CAS
                    + " AND state = ?", ManagedState.DELETED.name(), name, rowVersion, ManagedState.ACTIVE.name());
            if (n == 1) {
                AuditChain.append(em, head, event);
            }
            return n == 1;
        });
    }

    @Override
    public List<ManagedVersion> revocationsDue(Instant now, int limit) {
        return tx.read("find superseded managed versions", em -> ManagedRows.query(em,
                "SELECT " + ManagedRows.VERSION_COLUMNS.formatted("NULL") + " FROM managed_versions"
                        + " WHERE revoked = ? AND revoke_after <= ? ORDER BY revoke_after, name, version LIMIT "
                        + Math.max(1, limit), ManagedRows::version, false, Micros.of(now)));
    }

    @Override
    public void markRevoked(String name, int version) {
        tx.write("mark managed version revoked", em -> ManagedRows.update(em,
                "UPDATE managed_versions SET revoked = ? WHERE name = ? AND version = ?", true, name, version));
    }

    @Override
    public boolean anyVersions() {
        return tx.read("look for managed versions", em ->
                !ManagedRows.query(em, "SELECT 1 FROM managed_versions LIMIT 1", rs -> 1).isEmpty());
    }

    private static void insertVersion(EntityManager em, ManagedVersion v) {
        ManagedRows.update(em, "INSERT INTO managed_versions (" + ManagedRows.VERSION_COLUMNS.formatted("encrypted_key")
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                v.name(), v.version(), v.issuerId(), v.serial(), Micros.of(v.notAfter()), v.encryptedKey(),
                Micros.of(v.createdAt()), micros(v.supersededAt()), micros(v.revokeAfter()), v.revoked());
    }
}
