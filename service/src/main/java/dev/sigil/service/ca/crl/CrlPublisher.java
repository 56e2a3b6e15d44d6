package dev.sigil.service.ca.crl;

import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.storage.certificate.CertificateRepository;
import dev.sigil.storage.crl.CrlStore;
import dev.sigil.storage.crl.PublishedCrl;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Generates an issuer's CRLs from the inventory and stores them with the next CRL number: full CRLs, streaming
 * every revocation, and (with {@link CrlSettings#deltas()}) delta CRLs of the latest full CRL, listing only what
 * was revoked since it (RFC 5280 §5.2.4). Both kinds take their numbers from one sequence kept by the store, so it
 * survives restarts and is shared by all nodes; a CRL whose number another node stored first is discarded, and a
 * failed store consumes no number.
 *
 * <p>Why deltas: a full CRL of a million entries takes 1-2 s of both cores to stream and sign, and republishing it
 * after every revocation window is what made revocations slow. A delta costs an index range and a signature.
 */
public final class CrlPublisher {

    /** Signed CRLs kept per issuer and kind (the latest is served; older ones help diagnose). */
    static final int KEEP = 3;
    /** A revocation is stamped before it commits; one stamped this shortly before a CRL began may not be on it. */
    static final Duration COMMIT_MARGIN = Duration.ofSeconds(2);
    /**
     * A delta lists every revocation stamped at or after its base's thisUpdate minus this margin. A revocation is
     * missing from the base only if it committed after the base's streaming query began (after thisUpdate), and its
     * revokedAt was stamped just before it was queued for that commit; so it is on the delta unless its stamp
     * preceded its commit by more than this. That lag is the group-commit queue (at most 16 batches) plus one
     * transaction (bounded by the lock-wait and connection timeouts): seconds in practice. Five minutes is a wide
     * safety factor over it, and costs only duplicates of base entries on the delta, which are harmless.
     */
    static final Duration DELTA_MARGIN = Duration.ofMinutes(5);

    private static final System.Logger LOG = System.getLogger(CrlPublisher.class.getName());

    /** What an issuer needs published. */
    public enum Due { NOTHING, DELTA, FULL }

    private final CertificateRepository certificates;
    private final CrlStore store;
    private final CrlExtensions extensions;
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
        this.extensions = new CrlExtensions(urls);
        this.settings = settings;
        this.metrics = metrics;
        this.node = node;
        this.clock = clock;
    }

    /**
     * What the issuer needs: a full CRL if it has none or its latest is at least one period old; otherwise, with
     * deltas, a delta if there is none of the latest full CRL or a revocation may be missing from the latest delta;
     * without deltas, a full CRL if a revocation may be missing from it. "May be missing" means revoked less than
     * {@link #COMMIT_MARGIN} before the CRL's thisUpdate, or after: the backstop for a publication after a
     * revocation that failed.
     */
    public Due need(String issuerId) {
        Instant now = clock.instant();
        Optional<PublishedCrl> full = store.latest(issuerId);
        if (full.isEmpty() || !full.get().thisUpdate().plus(settings.period()).isAfter(now)) {
            return Due.FULL;
        }
        Optional<Instant> lastRevocation = certificates.lastRevocation(issuerId);
        if (!settings.deltas()) {
            return mayMiss(full.get(), lastRevocation) ? Due.FULL : Due.NOTHING;
        }
        Optional<PublishedCrl> delta = store.latestDelta(issuerId);
        return delta.isEmpty() || mayMiss(delta.get(), lastRevocation) ? Due.DELTA : Due.NOTHING;
    }

    /** True if {@link #need} is anything but {@link Due#NOTHING}. */
    public boolean due(String issuerId) {
        return need(issuerId) != Due.NOTHING;
    }

    private static boolean mayMiss(PublishedCrl crl, Optional<Instant> lastRevocation) {
        Instant covered = crl.thisUpdate().minus(COMMIT_MARGIN);
        return lastRevocation.map(r -> r.isAfter(covered)).orElse(false);
    }

    /** Publishes what {@link #need} says the issuer needs; empty if nothing. */
    public Optional<PublishedCrl> publishIfDue(SigningIssuer issuer) {
        return switch (need(issuer.id())) {
            case NOTHING -> Optional.empty();
            case DELTA -> Optional.of(publishAfterRevocation(issuer));
            case FULL -> Optional.of(publish(issuer));
        };
    }

    /** Called with each CRL this node stored, full or delta (the CDP keeps its bytes rather than reading them back). */
    void onPublished(BiConsumer<PublishedCrl, byte[]> listener) {
        this.listener = listener;
    }

    /** How long this node's last publication for the issuer (full or delta) took; zero if it has not published. */
    public Duration lastDuration(String issuerId) {
        return lastDuration.getOrDefault(issuerId, Duration.ZERO);
    }

    /**
     * Publishes what a revocation calls for: with deltas, a delta of the latest full CRL if that is younger than a
     * period and the delta would list at most {@link CrlSettings#deltaMaxEntries()}; otherwise a full CRL.
     *
     * @return the CRL stored: the delta, or the full CRL (see {@link #publish})
     * @throws dev.sigil.storage.StorageException UNAVAILABLE if the database failed (nothing is published)
     */
    public PublishedCrl publishAfterRevocation(SigningIssuer issuer) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Optional<PublishedCrl> base = settings.deltas()
                ? store.latest(issuer.id()).filter(f -> f.thisUpdate().plus(settings.period()).isAfter(now))
                : Optional.empty();
        if (base.isEmpty()) {
            return publish(issuer);
        }
        long pending = certificates.countRevocationsSince(issuer.id(), base.get().thisUpdate().minus(DELTA_MARGIN));
        if (pending > settings.deltaMaxEntries()) {
            LOG.log(System.Logger.Level.INFO, "{0,number,#} revocations of {1} since its CRL {2,number,#}: more than a delta"
                    + " holds, publishing a full CRL", pending, issuer.id(), base.get().number());
            return publish(issuer);
        }
        PublishedCrl delta = delta(issuer, base.get(), pending);
        lastDuration.put(issuer.id(), Duration.ofNanos(System.nanoTime() - started));
        return delta;
    }

    /**
     * Publishes a new full CRL now, and with deltas a first delta of it (so that the delta URL its Freshest CRL
     * extension names is never left without a current delta). A delta that fails is logged, not thrown: the full
     * CRL is stored, and the next tick sees the delta missing.
     *
     * @return the latest stored full CRL: this one, or another node's if it stored the same number first
     * @throws dev.sigil.storage.StorageException UNAVAILABLE if the database failed (nothing is published)
     */
    public PublishedCrl publish(SigningIssuer issuer) {
        long started = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // CRL times have one-second precision
        long number = nextNumber(issuer.id(), now);
        Instant nextUpdate = now.plus(settings.validity());

        CrlEncoder encoder = new CrlEncoder(certificates.countRevocations(issuer.id()));
        certificates.forEachRevocation(issuer.id(), now.minus(settings.retention()), r ->
                encoder.add(new BigInteger(r.serial(), 16), r.revokedAt(), r.reasonCode(), r.invalidityDate().orElse(null)));
        byte[] der = encoder.sign(issuer.subject(), now, nextUpdate, extensions.full(issuer, number, settings.deltas()),
                issuer.signer());

        PublishedCrl crl = new PublishedCrl(issuer.id(), number, now, nextUpdate, encoder.count(), der.length,
                sha256(der), clock.instant(), node);
        if (!store.publish(crl, der, KEEP)) {
            LOG.log(System.Logger.Level.INFO, "CRL {0,number,#} of {1} was published by another node first; ours is discarded",
                    number, issuer.id());
            return store.latest(issuer.id()).orElseThrow();
        }
        metrics.crlPublished(issuer.id(), crl.entries(), der.length, now);
        listener.accept(crl, der);
        LOG.log(System.Logger.Level.INFO, "published CRL {0,number,#} of {1}: {2,number,#} entries, {3,number,#} bytes, {4,number,#} ms",
                number, issuer.id(), encoder.count(), der.length, (System.nanoTime() - started) / 1_000_000);
        if (settings.deltas()) {
            try {
                delta(issuer, crl, certificates.countRevocationsSince(issuer.id(), now.minus(DELTA_MARGIN)));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the first delta of CRL {0,number,#} of {1} failed, retried by the next"
                        + " tick: {2}", number, issuer.id(), e.getMessage());
            }
        }
        lastDuration.put(issuer.id(), Duration.ofNanos(System.nanoTime() - started));
        return crl;
    }

    /**
     * Signs and stores a delta of {@code base}: every revocation stamped at or after base's thisUpdate minus
     * {@link #DELTA_MARGIN} (see there why none is missed), with the usual retention.
     */
    private PublishedCrl delta(SigningIssuer issuer, PublishedCrl base, long expectedEntries) {
        long started = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long number = nextNumber(issuer.id(), now);
        Instant nextUpdate = now.plus(settings.deltaValidity());

        CrlEncoder encoder = new CrlEncoder(expectedEntries);
        certificates.forEachRevocationSince(issuer.id(), base.thisUpdate().minus(DELTA_MARGIN),
                now.minus(settings.retention()), r ->
                        encoder.add(new BigInteger(r.serial(), 16), r.revokedAt(), r.reasonCode(), r.invalidityDate().orElse(null)));
        byte[] der = encoder.sign(issuer.subject(), now, nextUpdate, extensions.delta(issuer, number, base.number()),
                issuer.signer());

        PublishedCrl crl = new PublishedCrl(issuer.id(), number, now, nextUpdate, encoder.count(), der.length,
                sha256(der), clock.instant(), node, OptionalLong.of(base.number()));
        if (!store.publish(crl, der, KEEP)) {
            LOG.log(System.Logger.Level.INFO, "CRL {0,number,#} of {1} was published by another node first; our delta is"
                    + " discarded", number, issuer.id());
            return store.latestDelta(issuer.id()).or(() -> store.latest(issuer.id())).orElseThrow();
        }
        metrics.crlDeltaPublished(issuer.id(), crl.entries(), der.length);
        listener.accept(crl, der);
        LOG.log(System.Logger.Level.INFO, "published delta CRL {0,number,#} of {1} (base {2,number,#}): {3,number,#} entries,"
                        + " {4,number,#} bytes, {5,number,#} ms", number, issuer.id(), base.number(), encoder.count(),
                der.length, (System.nanoTime() - started) / 1_000_000);
        return crl;
    }

    /**
     * The highest stored number (full or delta) + 1. The first stored CRL continues the time-based numbers
     * (milliseconds) that Sigil served before CRLs were stored, so a relying party that saw one never sees the number
     * go down.
     */
    private long nextNumber(String issuerId, Instant now) {
        OptionalLong highest = store.highestNumber(issuerId);
        return highest.isPresent() ? highest.getAsLong() + 1 : Math.max(1, now.toEpochMilli());
    }

    static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
