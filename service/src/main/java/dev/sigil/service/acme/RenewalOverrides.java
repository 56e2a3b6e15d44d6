package dev.sigil.service.acme;

import dev.sigil.service.ca.x509.SerialNumbers;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.acme.RenewalOverride;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Operators' overrides of the window that ACME Renewal Information (RFC 9773) suggests for a certificate: by default
 * 2/3 to 5/6 of its validity; an operator may pull it earlier for chosen certificates, e.g. before a planned mass
 * revocation. Overrides are stored in the database, so every node answers alike and they survive restarts, and each
 * is audited. A later suggestion for a certificate replaces the earlier one.
 */
public final class RenewalOverrides {

    /** The audit action of a suggestion. */
    static final String AUDIT_ACTION = "acme.renewal.suggest";
    /** Longest reason, in characters: the size of {@code acme_renewal_windows.reason}. */
    static final int MAX_REASON = 255;

    /** A suggested renewal window, as the ACME front end answers it. */
    public record Window(Instant start, Instant end) {
        public Window {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }
    }

    /**
     * The outcome of {@link #suggest}.
     *
     * @param override what was stored
     * @param replaced whether an earlier override for the certificate was replaced (seen just before the write: two
     *                 operators suggesting for one certificate at the same instant may both be told false)
     */
    public record Suggested(RenewalOverride override, boolean replaced) {
    }

    private final AcmeStore store;
    private final CertificateRepository certificates;
    private final Clock clock;

    public RenewalOverrides(AcmeStore store, CertificateRepository certificates, Clock clock) {
        this.store = store;
        this.certificates = certificates;
        this.clock = clock;
    }

    /**
     * Stores a window for the certificate with this serial (of {@code issuerId}, if given), audited as done by
     * {@code actor}. Instants are kept to the microsecond.
     *
     * @throws SigilException malformed (serial, empty window, window ending after the certificate expires, reason),
     *                        not-found, conflict (the serial exists under several issuers), unavailable
     */
    public Suggested suggest(String serialText, Optional<String> issuerId, Instant start, Instant end, String reason,
                             String actor) {
        Instant from = start.truncatedTo(ChronoUnit.MICROS);
        Instant to = end.truncatedTo(ChronoUnit.MICROS);
        if (!to.isAfter(from)) {
            throw SigilException.malformed("end must be after start");
        }
        String why = checkedReason(reason);
        CertificateRecord cert = find(serialText, issuerId);
        if (to.isAfter(cert.notAfter())) {
            // Clients renew at a random time inside the window: past notAfter, some would renew too late.
            throw SigilException.malformed("end must not be after the certificate expires (" + cert.notAfter() + ")");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        RenewalOverride override = new RenewalOverride(cert.issuerId(), cert.serial(), from, to, why, now, actor);
        String target = cert.issuerId() + "/" + cert.serial();
        try {
            boolean replaced = store.renewalOverride(cert.issuerId(), cert.serial()).isPresent();
            store.suggestRenewal(override, AuditEvent.success(now, actor, AUDIT_ACTION, target,
                    "start=" + from + " end=" + to + " reason=" + why));
            return new Suggested(override, replaced);
        } catch (IllegalArgumentException e) {
            // The store refuses what it cannot hold (an instant hundreds of millennia away); its message names the
            // field, never the value.
            throw SigilException.malformed(e.getMessage());
        } catch (StorageException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> SigilException.notFound("no certificate with serial " + cert.serial()
                        + " from issuer " + cert.issuerId());
                case UNAVAILABLE -> new SigilException(ErrorKind.UNAVAILABLE,
                        "the renewal window could not be stored; none was set", e);
                case CONFLICT -> new SigilException(ErrorKind.INTERNAL, "storing the renewal window conflicted", e);
            };
        }
    }

    /**
     * The operator's window for a certificate, if one was suggested; otherwise the front end answers its default.
     *
     * @param serial lower-case hex without leading zeros, as in the inventory
     * @throws StorageException UNAVAILABLE if the database cannot be read
     */
    public Optional<Window> lookup(String issuerId, String serial) {
        return store.renewalOverride(issuerId, serial).map(o -> new Window(o.start(), o.end()));
    }

    private static String checkedReason(String reason) {
        String r = reason == null ? "" : reason.strip();
        if (r.isEmpty()) {
            throw SigilException.malformed("a reason is required (it is audited and shown to other operators)");
        }
        if (r.length() > MAX_REASON) {
            throw SigilException.malformed("reason is at most " + MAX_REASON + " characters");
        }
        if (r.chars().anyMatch(Character::isISOControl)) {
            throw SigilException.malformed("reason must be one line of text without control characters");
        }
        return r;
    }

    private CertificateRecord find(String serialText, Optional<String> issuerId) {
        String serial;
        try {
            serial = SerialNumbers.normalize(serialText == null ? "" : serialText);
        } catch (IllegalArgumentException e) {
            throw SigilException.malformed("'" + serialText + "' is not a serial number (hex digits)");
        }
        if (issuerId.isPresent()) {
            return certificates.find(issuerId.get(), serial).orElseThrow(() -> SigilException.notFound(
                    "no certificate with serial " + serial + " from issuer " + issuerId.get()));
        }
        List<CertificateRecord> found = certificates.findBySerial(serial);
        if (found.isEmpty()) {
            throw SigilException.notFound("no certificate with serial " + serial);
        }
        if (found.size() > 1) {
            throw SigilException.conflict("serial " + serial
                    + " exists under several issuers; name one with \"issuer\"");
        }
        return found.getFirst();
    }
}
