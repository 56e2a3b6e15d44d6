package dev.sigil.service.api;

import dev.sigil.service.auth.Role;
import dev.sigil.service.ca.issuance.CertificateRenewal;
import dev.sigil.service.ca.issuance.IssuedCertificate;
import dev.sigil.service.ca.revocation.RevocationService;
import dev.sigil.service.config.Durations;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.certificate.CertificateRecord;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code POST /api/v1/certificates/{serial}/renew}: a new certificate for the same names, the original untouched. */
public final class CertificateRenewalApi implements HttpService {

    /** Body of POST /certificates/{serial}/renew. */
    public record RenewBody(String csr, String ttl) {
    }

    private final CertificateRenewal renewal;
    private final RevocationService lookup;
    private final Guard guard;
    private final Json json;
    private final Clock clock;

    /** @param lookup finds the original by serial (across issuers unless {@code issuer} is given) */
    public CertificateRenewalApi(CertificateRenewal renewal, RevocationService lookup, Guard guard, Json json,
                                 Clock clock) {
        this.renewal = renewal;
        this.lookup = lookup;
        this.guard = guard;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/certificates/{serial}/renew", guard.require(Role.OPERATOR, (req, res, caller) -> {
            RenewBody body = json.read(req, RenewBody.class);
            if (body.csr() == null || body.csr().isBlank()) {
                throw SigilException.malformed("the field 'csr' (a PEM certificate signing request) is required");
            }
            Optional<Duration> ttl = CertificateJson.nonBlank(body.ttl()).map(t -> {
                try {
                    return Durations.parse(t);
                } catch (IllegalArgumentException e) {
                    throw SigilException.malformed("ttl: " + e.getMessage());
                }
            });
            CertificateRecord original = lookup.find(req.path().pathParameters().get("serial"),
                    CertificatesApi.param(req, "issuer"));
            IssuedCertificate issued = renewal.renew(original, body.csr(), ttl, caller.name());
            Map<String, Object> out = new LinkedHashMap<>(
                    CertificateJson.full(issued.record(), issued.chain(), clock.instant()));
            Map<String, Object> renews = new LinkedHashMap<>();
            renews.put("issuer", original.issuerId());
            renews.put("serial", original.serial());
            renews.put("notAfter", original.notAfter().toString());
            out.put("renews", renews);
            res.header(HeaderNames.LOCATION, "/api/v1/certificates/" + issued.record().serial());
            json.send(res, Status.CREATED_201, out);
        }));
    }
}
