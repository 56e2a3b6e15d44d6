package dev.sigil.service.api;

import dev.sigil.service.auth.Role;
import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.bootstrap.CaBootstrap;
import dev.sigil.service.ca.profile.Profile;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.config.Durations;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.crl.CrlStore;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/issuers} and {@code /api/v1/profiles}: what this CA is and what it will issue. One issuer
 * ({@code /issuers/{id}}) also carries a summary of its latest stored CRL.
 */
public final class IssuersApi implements HttpService {

    private final IssuerRegistry issuers;
    private final Profiles profiles;
    private final CrlStore crls;
    private final CaUrls urls;
    private final Guard guard;
    private final Json json;

    public IssuersApi(IssuerRegistry issuers, Profiles profiles, CrlStore crls, CaUrls urls, Guard guard, Json json) {
        this.issuers = issuers;
        this.profiles = profiles;
        this.crls = crls;
        this.urls = urls;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/issuers", guard.require(Role.AUDITOR, (req, res, caller) ->
                        json.send(res, Status.OK_200, Map.of("items", issuers.all().stream().map(this::issuer).toList()))))
                .get("/issuers/{id}", guard.require(Role.AUDITOR, (req, res, caller) -> {
                    String id = req.path().pathParameters().get("id");
                    SigningIssuer i = issuers.find(id).orElseThrow(() ->
                            SigilException.notFound("no issuer " + id + " (see GET /api/v1/issuers)"));
                    Map<String, Object> m = issuer(i);
                    crls.latest(id).ifPresent(crl -> m.put("crl", CrlJson.full(crl, crls.latestDelta(id), urls)));
                    json.send(res, Status.OK_200, m);
                }))
                .get("/profiles", guard.require(Role.AUDITOR, (req, res, caller) ->
                        json.send(res, Status.OK_200, Map.of("items", profiles.all().stream().map(IssuersApi::profile).toList()))));
    }

    private Map<String, Object> issuer(SigningIssuer i) {
        Map<String, Object> m = new LinkedHashMap<>();
        var r = i.record();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
        r.parentId().ifPresent(p -> m.put("parent", p));
        m.put("subject", r.subjectDn());
        m.put("keyType", r.keyType());
        m.put("notBefore", r.notBefore().toString());
        m.put("notAfter", r.notAfter().toString());
        m.put("sha256Fingerprint", CaBootstrap.fingerprint(i.certificate()));
        m.put("certificatePem", Pem.certificate(r.certificateDer()));
        m.put("crlUrl", urls.crl(r.id()));
        m.put("caIssuersUrl", urls.caIssuers(r.id()));
        return m;
    }

    private static Map<String, Object> profile(Profile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("defaultLifetime", Durations.format(p.defaultLifetime()));
        m.put("maxLifetime", Durations.format(p.maxLifetime()));
        m.put("keyTypes", p.keyTypes().stream().map(Enum::name).sorted().toList());
        m.put("allowedDnsSuffixes", p.names().allowedDns());
        m.put("deniedDnsSuffixes", p.names().deniedDns());
        m.put("allowedIpRanges", p.names().allowedIps().stream().map(Object::toString).toList());
        m.put("deniedIpRanges", p.names().deniedIps().stream().map(Object::toString).toList());
        m.put("extendedKeyUsages", p.extendedKeyUsageNames());
        return m;
    }
}
