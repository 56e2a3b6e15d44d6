package dev.sigil.service.ca.ocsp;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed single-certificate responses, reused while young: signing is the expensive part of an answer, the status
 * lookup is a primary-key read that still happens on every request. The key includes the status read, so a
 * revocation (committed on any node) changes the key and the next answer is signed afresh.
 *
 * <p>A plain map cleared when full rather than an LRU: Caffeine is not a dependency, and clearing costs at most one
 * extra signature per certificate asked about again, which is the cost without a cache.
 */
final class ResponseCache {

    /** Entries held before the map is cleared (~1-2 KiB each). */
    static final int MAX_ENTRIES = 10_000;

    /**
     * @param issuerId the issuer answered for (the signer's)
     * @param certId   the request's CertID, DER: responses echo it byte for byte, hash algorithm parameters included
     * @param status   the status just read from the inventory
     */
    record Key(String issuerId, ByteBuffer certId, CertStatus status) {
        Key {
            certId = certId.asReadOnlyBuffer();
        }
    }

    private record Entry(OcspSigner signer, OcspAnswer answer) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Duration maxAge;

    ResponseCache(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** A cached answer for the key, signed by {@code signer} (not a predecessor) less than maxAge before now. */
    Optional<OcspAnswer> fresh(Key key, OcspSigner signer, Instant now) {
        Entry e = entries.get(key);
        if (e == null || e.signer() != signer) {
            return Optional.empty();
        }
        Instant thisUpdate = e.answer().thisUpdate().orElseThrow();
        boolean young = !now.isBefore(thisUpdate) && Duration.between(thisUpdate, now).compareTo(maxAge) < 0;
        return young ? Optional.of(e.answer()) : Optional.empty();
    }

    void put(Key key, OcspSigner signer, OcspAnswer answer) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(signer, answer));
    }

    int size() {
        return entries.size();
    }
}
