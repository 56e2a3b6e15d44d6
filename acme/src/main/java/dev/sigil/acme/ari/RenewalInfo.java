package dev.sigil.acme.ari;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.certificate.CertificateFacts;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.port.KnownCertificate;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.acme.RenewalOverride;
import dev.sigil.storage.audit.AuditEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * ACME Renewal Information (RFC 9773): {@code GET renewal-info/{certID}}, unauthenticated, answers a suggested
 * window with a Retry-After telling clients when to ask again.
 *
 * <p>Windows: by default the stretch from 2/3 to 5/6 of the certificate's validity (for a 30-day certificate, days
 * 20 to 25), early enough that a failed renewal has a sixth of the lifetime left to be retried, as Let's Encrypt's
 * 2/3 point. A revoked certificate gets a window that has already ended, so clients renew at once (RFC 9773 §4.2).
 * Operators may pull a window earlier ({@link #suggest}, or {@code sigil acme renew-early} through the admin API);
 * overrides are stored ({@link AcmeStore#suggestRenewal}), so every node answers with them, also after a restart.
 * A revocation still wins over an override.
 */
public final class RenewalInfo {

    /** How long before "now" the window of a revoked certificate starts; it ends at "now". */
    static final Duration REVOKED_WINDOW = Duration.ofHours(1);

    private final CertificateAuthorityPort ca;
    private final AcmeStore store;
    private final Clock clock;
    private final Duration retryAfter;

    public RenewalInfo(CertificateAuthorityPort ca, AcmeStore store, Clock clock, Duration retryAfter) {
        this.ca = Objects.requireNonNull(ca);
        this.store = Objects.requireNonNull(store);
        this.clock = Objects.requireNonNull(clock);
        this.retryAfter = Objects.requireNonNull(retryAfter);
    }

    public Reply get(String certIdText) {
        CertId id = CertId.parse(certIdText);
        KnownCertificate known = ca.find(id.keyIdentifierHex(), id.serialHex()).orElseThrow(() -> new AcmeProblem(
                ProblemType.NOT_FOUND, "no certificate with this ID"));
        RenewalWindow window = window(id, known);
        ObjectNode json = AcmeJson.object();
        ObjectNode suggested = json.putObject("suggestedWindow");
        suggested.put("start", AcmeJson.time(window.start()));
        suggested.put("end", AcmeJson.time(window.end()));
        return Reply.ok().json(json).header("Retry-After", Long.toString(retryAfter.toSeconds()));
    }

    /**
     * Operator override: suggest {@code window} for the certificate instead of the default (e.g. before a planned
     * mass revocation), stored and audited.
     *
     * @throws AcmeProblem malformed if {@code certId} is not a certificate ID, not found if no such certificate
     */
    public void suggest(String certId, RenewalWindow window, String reason, String actor) {
        CertId id = CertId.parse(certId);
        KnownCertificate known = ca.find(id.keyIdentifierHex(), id.serialHex()).orElseThrow(() -> new AcmeProblem(
                ProblemType.NOT_FOUND, "no certificate with this ID"));
        Instant now = clock.instant();
        store.suggestRenewal(new RenewalOverride(known.issuerId(), known.serial(), window.start(), window.end(), reason,
                now, actor), AuditEvent.success(now, actor, "acme.renewal.suggest", known.issuerId() + "/" + known.serial(),
                "start=" + window.start() + " end=" + window.end() + " reason=" + reason));
    }

    RenewalWindow window(CertId id, KnownCertificate known) {
        if (known.revoked()) {
            Instant now = clock.instant();
            return new RenewalWindow(now.minus(REVOKED_WINDOW), now);
        }
        Optional<RenewalOverride> override = store.renewalOverride(known.issuerId(), known.serial());
        if (override.isPresent()) {
            return new RenewalWindow(override.get().start(), override.get().end());
        }
        CertificateFacts facts = CertificateFacts.parse(known.certificateDer());
        Duration lifetime = Duration.between(facts.notBefore(), facts.notAfter());
        Instant start = facts.notBefore().plus(lifetime.multipliedBy(2).dividedBy(3));
        Instant end = facts.notBefore().plus(lifetime.multipliedBy(5).dividedBy(6));
        return end.isAfter(start) ? new RenewalWindow(start, end) : new RenewalWindow(start, start.plusSeconds(1));
    }
}
