package dev.sigil.service.ca.crl;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.crl.CrlStore;
import dev.sigil.storage.crl.PublishedCrl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the latest stored full CRL and the latest delta CRL of each issuer, the same on every node. The bytes are
 * kept in memory and the store is asked at most once per {@link #RECHECK} whether a newer CRL was published (by any
 * node). Publication happens off the request path (the scheduler); only when an issuer has no usable full CRL at
 * all (first start, or every scheduler down past nextUpdate) does a request publish one itself. While the database
 * is unavailable, a copy still before its nextUpdate is served as is.
 */
public final class CrlService {

    /** How long this node serves its copy before asking the store for a newer number. */
    public static final Duration RECHECK = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(CrlService.class.getName());

    /** A CRL ready to serve. */
    public record Served(PublishedCrl crl, byte[] der) {
    }

    private record Copy(Served served, Instant checkedAt) {
    }

    private record Key(String issuerId, boolean delta) {
    }

    private final IssuerRegistry issuers;
    private final CrlStore store;
    private final CrlPublisher publisher;
    private final Clock clock;
    private final Map<Key, Copy> copies = new ConcurrentHashMap<>();

    public CrlService(IssuerRegistry issuers, CrlStore store, CrlPublisher publisher, Clock clock) {
        this.issuers = issuers;
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
        publisher.onPublished((crl, der) ->
                keepNewer(new Key(crl.issuerId(), crl.delta()), new Copy(new Served(crl, der), clock.instant())));
    }

    /** The full CRL to serve for an issuer. */
    public Served current(String issuerId) {
        return serve(new Key(issuerId, false));
    }

    /**
     * The delta CRL to serve for an issuer: the latest delta of its latest full CRL.
     *
     * @throws SigilException not-found if the issuer has no current delta (deltas off, or none published yet)
     */
    public Served currentDelta(String issuerId) {
        return serve(new Key(issuerId, true));
    }

    private Served serve(Key key) {
        SigningIssuer issuer = issuers.find(key.issuerId())
                .orElseThrow(() -> SigilException.notFound("no issuer " + key.issuerId()));
        Instant now = clock.instant();
        Copy copy = copies.get(key);
        if (copy != null && copy.checkedAt().plus(RECHECK).isAfter(now)) {
            return copy.served();
        }
        synchronized (issuer) {
            copy = copies.get(key);
            if (copy != null && copy.checkedAt().plus(RECHECK).isAfter(now)) {
                return copy.served();
            }
            Served served;
            Instant checked = now;
            try {
                PublishedCrl latest = key.delta()
                        ? store.latestDelta(key.issuerId()).filter(l -> l.nextUpdate().isAfter(now))
                                .orElseThrow(() -> noDelta(key.issuerId()))
                        : store.latest(key.issuerId()).filter(l -> l.nextUpdate().isAfter(now))
                                .orElseGet(() -> publisher.publish(issuer));
                served = copy != null && copy.served().crl().number() == latest.number()
                        ? copy.served()
                        : load(key, latest);
            } catch (StorageException e) {
                if (e.kind() != StorageException.Kind.UNAVAILABLE || copy == null
                        || !copy.served().crl().nextUpdate().isAfter(now)) {
                    throw e;
                }
                // The database is down, but this copy is still current for relying parties: serve it rather than a
                // 503, and ask again after RECHECK (so that not every request waits for the pool's timeout).
                LOG.log(System.Logger.Level.WARNING, "serving the {0}CRL {1,number,#} of {2} from memory: {3}",
                        key.delta() ? "delta " : "", copy.served().crl().number(), key.issuerId(), e.getMessage());
                served = copy.served();
                checked = clock.instant(); // the failure may have taken the pool's whole timeout
            }
            keepNewer(key, new Copy(served, checked));
            return served;
        }
    }

    private static SigilException noDelta(String issuerId) {
        return SigilException.notFound("no current delta CRL of " + issuerId);
    }

    /** Never replaces a copy with an older CRL (a publication on this node may race a request's reload). */
    private void keepNewer(Key key, Copy copy) {
        copies.merge(key, copy, (old, fresh) ->
                fresh.served().crl().number() >= old.served().crl().number() ? fresh : old);
    }

    private Served load(Key key, PublishedCrl crl) {
        return store.read(crl.issuerId(), crl.number()).map(der -> new Served(crl, der)).orElseGet(() -> {
            // Pruned between the two reads by a node publishing twice in a row: the newest is kept, serve that.
            Optional<PublishedCrl> newest = key.delta() ? store.latestDelta(crl.issuerId()) : store.latest(crl.issuerId());
            PublishedCrl n = newest.orElseThrow(() -> noDelta(crl.issuerId()));
            return new Served(n, store.read(n.issuerId(), n.number()).orElseThrow());
        });
    }
}
