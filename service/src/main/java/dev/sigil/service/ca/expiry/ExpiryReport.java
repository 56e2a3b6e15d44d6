package dev.sigil.service.ca.expiry;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.storage.certificate.CertificateRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Watches expiry: counts valid certificates expiring within 1, 7 and 30 days per issuer (metrics an operator pages
 * on), and warns when a CA certificate is inside its expiry warning window, so that its rotation is planned
 * before it constrains the lifetimes it can sign. Runs on every node (its metrics are that node's view).
 */
public final class ExpiryReport {

    /** The windows reported, with their metric label. */
    static final Map<String, Duration> WINDOWS = Map.of("1d", Duration.ofDays(1), "7d", Duration.ofDays(7),
            "30d", Duration.ofDays(30));

    private static final System.Logger LOG = System.getLogger(ExpiryReport.class.getName());

    private final IssuerRegistry issuers;
    private final CertificateRepository certificates;
    private final SigilMetrics metrics;
    private final Duration caWarning;
    private final Clock clock;

    /** @param caWarning a CA certificate closer than this to its notAfter is reported as due for rotation */
    public ExpiryReport(IssuerRegistry issuers, CertificateRepository certificates, SigilMetrics metrics,
                        Duration caWarning, Clock clock) {
        this.issuers = issuers;
        this.certificates = certificates;
        this.metrics = metrics;
        this.caWarning = caWarning;
        this.clock = clock;
    }

    /** Updates the metrics; returns the CAs inside their warning window (logged as warnings). */
    public List<String> run() {
        Instant now = clock.instant();
        for (Map.Entry<String, Duration> w : WINDOWS.entrySet()) {
            Map<String, Long> counts = certificates.countExpiring(now, now.plus(w.getValue()));
            for (SigningIssuer i : issuers.all()) {
                metrics.expiring(i.id(), w.getKey(), counts.getOrDefault(i.id(), 0L));
            }
        }
        List<String> due = new ArrayList<>();
        for (SigningIssuer i : issuers.all()) {
            Instant notAfter = i.record().notAfter();
            boolean inWindow = !now.plus(caWarning).isBefore(notAfter);
            metrics.caExpiry(i.id(), notAfter, inWindow);
            if (inWindow) {
                due.add(i.id());
                LOG.log(System.Logger.Level.WARNING, "CA {0} ({1}, {2}) expires {3}, in {4} days: plan its rotation",
                        i.id(), i.record().kind(), i.record().name(), notAfter, Duration.between(now, notAfter).toDays());
            }
        }
        return due;
    }
}
