package dev.sigil.service.api;

import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.storage.crl.PublishedCrl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CRL JSON of docs/API.md: what is known about a stored CRL without its bytes. The entry count is the one counted
 * while the CRL was encoded and stored beside it ({@code crls.entries}), so showing it costs one row read even for a
 * CRL of a million entries, instead of parsing the DER.
 */
final class CrlJson {

    private CrlJson() {
    }

    /** The latest full CRL, with its latest delta (if one is current) under {@code delta}. */
    static Map<String, Object> full(PublishedCrl crl, Optional<PublishedCrl> delta, CaUrls urls) {
        Map<String, Object> m = common(crl);
        m.put("url", urls.crl(crl.issuerId()));
        delta.ifPresent(d -> {
            Map<String, Object> dm = common(d);
            dm.put("baseNumber", d.baseNumber().orElseThrow());
            dm.put("url", urls.deltaCrl(d.issuerId()));
            m.put("delta", dm);
        });
        return m;
    }

    private static Map<String, Object> common(PublishedCrl crl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", crl.number());
        m.put("thisUpdate", crl.thisUpdate().toString());
        m.put("nextUpdate", crl.nextUpdate().toString());
        m.put("entries", crl.entries());
        m.put("size", crl.sizeBytes());
        m.put("sha256", crl.sha256());
        m.put("publishedAt", crl.publishedAt().toString());
        m.put("publishedBy", crl.publishedBy());
        return m;
    }
}
