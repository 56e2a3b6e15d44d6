package dev.sigil.service.api;

import dev.sigil.service.auth.Role;
import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.crl.CrlStore;
import dev.sigil.storage.crl.PublishedCrl;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/crls/{issuerId}}: the issuer's latest stored full CRL and its latest delta, as the CDP serves them.
 * Read from the store only: asking never publishes a CRL (the scheduler does).
 */
public final class CrlsApi implements HttpService {

    private final IssuerRegistry issuers;
    private final CrlStore crls;
    private final CaUrls urls;
    private final Guard guard;
    private final Json json;

    public CrlsApi(IssuerRegistry issuers, CrlStore crls, CaUrls urls, Guard guard, Json json) {
        this.issuers = issuers;
        this.crls = crls;
        this.urls = urls;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/crls/{issuerId}", guard.require(Role.AUDITOR, (req, res, caller) -> {
            String id = req.path().pathParameters().get("issuerId");
            if (issuers.find(id).isEmpty()) {
                throw SigilException.notFound("no issuer " + id + " (see GET /api/v1/issuers)");
            }
            PublishedCrl full = crls.latest(id).orElseThrow(() ->
                    SigilException.notFound("issuer " + id + " has no published CRL yet"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("issuer", id);
            m.putAll(CrlJson.full(full, crls.latestDelta(id), urls));
            json.send(res, Status.OK_200, m);
        }));
    }
}
