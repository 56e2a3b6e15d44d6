package dev.sigil.acme.ari;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.certificate.CertificateFacts;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.port.KnownCertificate;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ACME Renewal Information (RFC 9773): {@code GET renewal-info/{certID}}, unauthenticated, answers a suggested
 * window with a Retry-After telling clients when to ask again.
 *
 * <p>Windows: by default the stretch from 2/3 to 5/6 of the certificate's validity (for a 30-day certificate, days
 * 20 to 25), early enough that a failed renewal has a sixth of the lifetime left to be retried, as Let's Encrypt's
 * 2/3 point. A revoked certificate gets a window that has already ended, so clients renew at once (RFC 9773 §4.2).
 * Operators may pull a window earlier ({@link #suggest}); those overrides live in this node's memory only, until
 * storage for them exists.
 */
public final class RenewalInfo {

    /** How long before "now" the window of a revoked certificate starts; it ends at "now". */
    static final Duration REVOKED_WINDOW = Duration.ofHours(1);

    private final CertificateAuthorityPort ca;
    private final Clock clock;
    private final Duration retryAfter;
    private final Map<CertId, RenewalWindow> overrides = new ConcurrentHashMap<>();

    public RenewalInfo(CertificateAuthorityPort ca, Clock clock, Duration retryAfter) {
        this.ca = Objects.requireNonNull(ca);
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
     * mass revocation). In memory on this node.
     *
     * @throws AcmeProblem malformed if {@code certId} is not a certificate ID
     */
    public void suggest(String certId, RenewalWindow window) {
        overrides.put(CertId.parse(certId), Objects.requireNonNull(window));
    }

    RenewalWindow window(CertId id, KnownCertificate known) {
        if (known.revoked()) {
            Instant now = clock.instant();
            return new RenewalWindow(now.minus(REVOKED_WINDOW), now);
        }
        RenewalWindow override = overrides.get(id);
        if (override != null) {
            return override;
        }
        CertificateFacts facts = CertificateFacts.parse(known.certificateDer());
        Duration lifetime = Duration.between(facts.notBefore(), facts.notAfter());
        Instant start = facts.notBefore().plus(lifetime.multipliedBy(2).dividedBy(3));
        Instant end = facts.notBefore().plus(lifetime.multipliedBy(5).dividedBy(6));
        return end.isAfter(start) ? new RenewalWindow(start, end) : new RenewalWindow(start, start.plusSeconds(1));
    }
}
