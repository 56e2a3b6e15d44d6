package dev.sigil.service.webhook;

import dev.sigil.storage.certificate.San;
import dev.sigil.storage.webhook.DeliveryRecord;
import dev.sigil.storage.webhook.ExpiringCertificate;
import dev.sigil.storage.webhook.ExpiryNotice;
import dev.sigil.storage.webhook.ExpiryQuery;
import dev.sigil.storage.webhook.WebhookStore;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Records a {@code certificate.expiring} event for each valid certificate entering a notice window, once per
 * certificate and window across nodes and restarts (the notice and its delivery commit together; the
 * {@code expiry_notices} key refuses a second one).
 *
 * <p>Windows are bands: with {@code 30d,7d,1d}, the 7d window holds certificates expiring in (1d, 7d]. So a
 * certificate gets one notice as it crosses into each band, and one issued (or first seen) inside the 1d band gets
 * only the 1d notice instead of three at once. Certificates superseded by a newer one (same owner and names, later
 * notAfter: a renewal) and those of excluded profiles get none.
 */
public final class ExpiryNotices {

    public static final String EVENT = "certificate.expiring";
    /** Certificates read per page of the keyset-paged query. */
    static final int PAGE = 200;

    private final WebhookStore store;
    private final WebhookNotifier notifier;
    private final List<NoticeWindow> windows;
    private final Set<String> excludedProfiles;
    private final Clock clock;

    /** @param windows largest first, as {@link NoticeWindow#parseAll} returns them */
    public ExpiryNotices(WebhookStore store, WebhookNotifier notifier, List<NoticeWindow> windows,
                         Set<String> excludedProfiles, Clock clock) {
        this.store = store;
        this.notifier = notifier;
        this.windows = List.copyOf(windows);
        this.excludedProfiles = Set.copyOf(excludedProfiles);
        this.clock = clock;
    }

    /** Records the notices due now; returns how many were recorded (0 on a second run). */
    public int run() {
        Instant now = clock.instant();
        int recorded = 0;
        for (int i = 0; i < windows.size(); i++) {
            NoticeWindow w = windows.get(i);
            // The band's lower edge is the next smaller window (now for the smallest).
            Instant from = i + 1 < windows.size() ? now.plus(windows.get(i + 1).length()) : now;
            ExpiryQuery q = new ExpiryQuery(from, now.plus(w.length()), w.label(), excludedProfiles, Optional.empty(), PAGE);
            while (true) {
                List<ExpiringCertificate> page = store.expiring(q);
                for (ExpiringCertificate c : page) {
                    if (notice(c, w, now)) {
                        recorded++;
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
                q = q.after(page.getLast());
            }
        }
        return recorded;
    }

    private boolean notice(ExpiringCertificate c, NoticeWindow w, Instant now) {
        DeliveryRecord d = notifier.render(WebhookNotifier.newId(), EVENT, c.issuerId() + "/" + c.serial(), data(c, w));
        return store.enqueueOnce(d, new ExpiryNotice(c.issuerId(), c.serial(), w.label(), now));
    }

    static Map<String, Object> data(ExpiringCertificate c, NoticeWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", c.issuerId());
        m.put("serial", c.serial());
        m.put("subject", c.subjectDn());
        m.put("sans", c.sans().stream().map(San::toString).toList());
        m.put("owner", c.owner().orElse(null));
        m.put("profile", c.profile());
        m.put("notAfter", c.notAfter().toString());
        m.put("window", w.label());
        return m;
    }
}
