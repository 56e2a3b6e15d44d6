package dev.sigil.storage.managed;

import dev.sigil.storage.audit.AuditEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Managed certificates and their versions. Every change that matters to the audit trail commits together with its
 * audit record; every change to a row is a compare-and-set on {@link ManagedCertificate#rowVersion()}, so that
 * concurrent nodes never apply two changes on the same state (the loser gets {@code false} and nothing is written).
 * All methods throw {@link dev.sigil.storage.StorageException} (UNAVAILABLE when the database failed).
 */
public interface ManagedStore {

    /**
     * Stores a new managed certificate with its first version (which must be its current one).
     *
     * @throws dev.sigil.storage.StorageException CONFLICT if the name is taken (also by a deleted one),
     *                                            NOT_FOUND if the certificate is not in the inventory
     */
    void create(ManagedCertificate managed, ManagedVersion first, AuditEvent event);

    Optional<ManagedCertificate> find(String name);

    /** All managed certificates, active and deleted, by name. */
    List<ManagedCertificate> list();

    /** The versions of one managed certificate, oldest first, without their keys. */
    List<ManagedVersion> history(String name);

    /** One version, with its encrypted key. */
    Optional<ManagedVersion> version(String name, int version);

    /**
     * ACTIVE certificates due at {@code now}: renewal time and backoff passed, and nobody's lease running.
     * Oldest renewal time first, at most {@code limit}.
     */
    List<ManagedCertificate> due(Instant now, int limit);

    /**
     * Takes the renewal of {@code name} for this node until {@code until}, if the row is still at {@code rowVersion}.
     *
     * @return the row as claimed (with its new row version), or empty if another change came first
     */
    Optional<ManagedCertificate> claim(String name, long rowVersion, Instant until);

    /**
     * Makes {@code next} the current version (if the row is still at {@code rowVersion}): the previous current one is
     * marked superseded at {@code next.createdAt()} and, if {@code revokeAfter} is given, due for revocation then.
     * Failures are reset, the lease released.
     *
     * @return false, writing nothing, if the row changed meanwhile
     */
    boolean rotate(String name, long rowVersion, ManagedVersion next, Instant nextRenewalAt,
                   Optional<Instant> revokePreviousAfter, AuditEvent event);

    /**
     * Records a failed renewal attempt (if the row is still at {@code rowVersion}) and releases the lease.
     *
     * @return false, writing nothing, if the row changed meanwhile
     */
    boolean recordFailure(String name, long rowVersion, int consecutiveFailures, Instant nextAttemptAt, String error,
                          AuditEvent event);

    /**
     * Replaces the spec of an ACTIVE managed certificate (if the row is still at {@code rowVersion}); the current
     * version stays current until the next rotation, which the caller usually asks for at once. The name cannot change.
     *
     * @return false, writing nothing, if the row changed meanwhile or is deleted
     */
    boolean updateSpec(String name, long rowVersion, ManagedSpec spec, AuditEvent event);

    /**
     * Stops managing {@code name} (if the row is still at {@code rowVersion}); the row and its versions stay.
     *
     * @return false, writing nothing, if the row changed meanwhile
     */
    boolean delete(String name, long rowVersion, AuditEvent event);

    /** Superseded versions whose {@code revokeAfter} has passed at {@code now} and that are not revoked yet. */
    List<ManagedVersion> revocationsDue(Instant now, int limit);

    /** Notes that a version's certificate has been revoked (the revocation itself went through the ledger). */
    void markRevoked(String name, int version);

    /** True if any version (and so any encrypted key) is stored: then the key-encryption key must not be replaced. */
    boolean anyVersions();
}
