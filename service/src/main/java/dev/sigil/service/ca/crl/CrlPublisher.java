package dev.sigil.service.ca.crl;

import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.storage.certificate.CertificateRepository;
import dev.sigil.storage.crl.CrlStore;
import dev.sigil.storage.crl.PublishedCrl;
import dev.sigil.storage.issuer.IssuerKind;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Generates an issuer's full CRL from the inventory, streaming the revocations, and stores it with the next CRL
 * number. The number comes from the store, so it survives restarts and is shared by all nodes; a CRL whose
 * number another node stored first is discarded, and a failed store consumes no number.
 */
public final class CrlPublisher {

    /** Signed CRLs kept per issuer (the latest is served; older ones help diagnose). */
    static final int KEEP = 3;
    /** A revocation is stamped before it commits; one stamped this shortly before a CRL began may not be on it. */
    static final Duration COMMIT_MARGIN = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(CrlPublisher.class.getName());

    private final CertificateRepository certificates;
    private final CrlStore store;
    private final CaUrls urls;
    private final CrlSettings settings;
    private final SigilMetrics metrics;
    private final String node;
    private final Clock clock;
    private final Map<String, Duration> lastDuration = new ConcurrentHashMap<>();
    private volatile BiConsumer<PublishedCrl, byte[]> listener = (crl, der) -> {
    };

    public CrlPublisher(CertificateRepository certificates, CrlStore store, CaUrls urls, CrlSettings settings,
                        SigilMetrics metrics, String node, Clock clock) {
        this.certificates = certificates;
        this.store = store;
        this.urls = urls;
        this.settings = settings;
        this.metrics = metrics;
        this.node = node;
        this.clock = clock;
    }

    /**
     * True if the issuer has no CRL yet, its latest is at least one period old, or a revocation may be missing from
     * it (revoked less than {@link #COMMIT_MARGIN} before its thisUpdate, or after): the backstop for a republication
     * after a revocation that failed.
     */
    public boolean due(String issuerId) {
        Instant now = clock.instant();
        Optional<PublishedCrl> latest = store.latest(issuerId);
        if (latest.isEmpty() || !latest.get().thisUpdate().plus(settings.period()).isAfter(now)) {
            return true;
        }
        Instant covered = latest.get().thisUpdate().minus(COMMIT_MARGIN);
        return certificates.lastRevocation(issuerId).map(r -> r.isAfter(covered)).orElse(false);
    }

    /** Called with each CRL this node stored (the CDP keeps its bytes rather than reading 44 MB back). */
    void onPublished(BiConsumer<PublishedCrl, byte[]> listener) {
        this.listener = listener;
    }

    /** How long this node's last publication of the issuer's CRL took (zero if it has not published one). */
    public Duration lastDuration(String issuerId) {
        return lastDuration.getOrDefault(issuerId, Duration.ZERO);
    }

    /**
     * Publishes a new CRL now.
     *
     * @return the latest stored CRL: this one, or another node's if it stored the same number first
     * @throws dev.sigil.storage.StorageException UNAVAILABLE if the database failed (nothing is published)
     */
    public PublishedCrl publish(SigningIssuer issuer) {
        long started = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // CRL times have one-second precision
        Optional<PublishedCrl> latest = store.latest(issuer.id());
        // The first stored CRL continues the time-based numbers (milliseconds) that Sigil served before CRLs were
        // stored, so a relying party that saw one never sees the number go down.
        long number = latest.map(l -> l.number() + 1).orElse(Math.max(1, now.toEpochMilli()));
        Instant nextUpdate = now.plus(settings.validity());

        CrlEncoder encoder = new CrlEncoder(certificates.countRevocations(issuer.id()));
        certificates.forEachRevocation(issuer.id(), now.minus(settings.retention()), r ->
                encoder.add(new BigInteger(r.serial(), 16), r.revokedAt(), r.reasonCode(), r.invalidityDate().orElse(null)));
        byte[] der = encoder.sign(issuer.subject(), now, nextUpdate, extensions(issuer, number), issuer.signer());

        PublishedCrl crl = new PublishedCrl(issuer.id(), number, now, nextUpdate, encoder.count(), der.length,
                sha256(der), clock.instant(), node);
        if (!store.publish(crl, der, KEEP)) {
            LOG.log(System.Logger.Level.INFO, "CRL {0,number,#} of {1} was published by another node first; ours is discarded",
                    number, issuer.id());
            return store.latest(issuer.id()).orElseThrow();
        }
        metrics.crlPublished(issuer.id(), crl.entries(), der.length, now);
        lastDuration.put(issuer.id(), Duration.ofNanos(System.nanoTime() - started));
        listener.accept(crl, der);
        LOG.log(System.Logger.Level.INFO, "published CRL {0,number,#} of {1}: {2,number,#} entries, {3,number,#} bytes, {4,number,#} ms",
                number, issuer.id(), encoder.count(), der.length, (System.nanoTime() - started) / 1_000_000);
        return crl;
    }

    private List<Extension> extensions(SigningIssuer issuer, long number) {
        try {
            // IDP (RFC 5280 §5.2.5, critical): names the CDP URL this CRL is served at, and its scope: the root's CRL
            // covers the intermediates it signed, an intermediate's the end-entity certificates.
            boolean root = issuer.record().kind() == IssuerKind.ROOT;
            IssuingDistributionPoint idp = new IssuingDistributionPoint(
                    new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                            new DERIA5String(urls.crl(issuer.id()))))),
                    !root, root, null, false, false);
            return List.of(
                    new Extension(Extension.authorityKeyIdentifier, false, issuer.authorityKeyIdForChildren().getEncoded()),
                    new Extension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)).getEncoded()),
                    new Extension(Extension.issuingDistributionPoint, true, idp.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
