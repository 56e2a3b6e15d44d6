package dev.sigil.service.webhook;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.issuer.IssuerRecord;
import dev.sigil.storage.webhook.WebhookStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records a {@code ca.expiring} event for each CA certificate inside {@code sigil.ca.expiry-warning}, once per CA and
 * UTC day: a reminder, daily until the CA is rotated. Once-only per day without a table of its own: the delivery id
 * is derived from the CA and the day, so a second node (or run) inserting the same id is refused by the outbox's
 * primary key. ({@code expiry_notices} cannot hold it: its rows reference leaf certificates, and CAs are issuers.)
 */
public final class CaExpiryNotices {

    public static final String EVENT = "ca.expiring";
    static final String ID_PREFIX = "ca_";
    /** Hex digits of the derived id (128 bits of SHA-256). */
    static final int ID_HEX = 32;

    private final WebhookStore store;
    private final WebhookNotifier notifier;
    private final IssuerRegistry issuers;
    private final Duration warning;
    private final Clock clock;

    public CaExpiryNotices(WebhookStore store, WebhookNotifier notifier, IssuerRegistry issuers, Duration warning,
                           Clock clock) {
        this.store = store;
        this.notifier = notifier;
        this.issuers = issuers;
        this.warning = warning;
        this.clock = clock;
    }

    /** Records today's reminders not yet recorded; returns how many were. */
    public int run() {
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int recorded = 0;
        for (SigningIssuer i : issuers.all()) {
            IssuerRecord r = i.record();
            if (now.plus(warning).isBefore(r.notAfter()) || !now.isBefore(r.notAfter())) {
                continue; // not yet in the warning window, or expired (then it signs nothing any more)
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("issuer", r.id());
            data.put("name", r.name());
            data.put("kind", r.kind().name());
            data.put("subject", r.subjectDn());
            data.put("notAfter", r.notAfter().toString());
            data.put("daysLeft", Duration.between(now, r.notAfter()).toDays());
            try {
                store.enqueue(notifier.render(id(r.id(), day), EVENT, r.id(), data));
                recorded++;
            } catch (StorageException e) {
                if (e.kind() != StorageException.Kind.CONFLICT) {
                    throw e;
                }
                // today's reminder for this CA is already recorded
            }
        }
        return recorded;
    }

    static String id(String issuerId, LocalDate day) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((issuerId + "|" + day).getBytes(StandardCharsets.UTF_8));
            return ID_PREFIX + HexFormat.of().formatHex(h).substring(0, ID_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
