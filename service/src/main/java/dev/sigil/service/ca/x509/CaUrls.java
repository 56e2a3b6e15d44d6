package dev.sigil.service.ca.x509;

import java.net.URI;

/**
 * The URLs on Sigil's plain-HTTP listener that go into certificates (CDP, AIA caIssuers and OCSP). Relying parties fetch
 * these without TLS, as with every public CA.
 *
 * @param publicBase base URL of the HTTP listener as relying parties reach it, without trailing slash
 */
public record CaUrls(String publicBase) {

    public CaUrls {
        URI u = URI.create(publicBase);
        if (!"http".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("sigil.server.public-url must be an http:// URL with a host: " + publicBase);
        }
        publicBase = publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
    }

    public String crl(String issuerId) {
        return publicBase + "/crl/" + issuerId + ".crl";
    }

    /**
     * Where the issuer's latest delta CRL is served: the Freshest CRL pointer (RFC 5280 §5.2.6) of its full CRLs.
     * Issuer ids have no dots, so {@code ID.delta.crl} never names another issuer's full CRL.
     */
    public String deltaCrl(String issuerId) {
        return publicBase + "/crl/" + issuerId + ".delta.crl";
    }

    public String caIssuers(String issuerId) {
        return publicBase + "/ca/" + issuerId + ".crt";
    }

    /** The OCSP responder (RFC 6960): one URL for every issuer, the request's CertID names the issuer. */
    public String ocsp() {
        return publicBase + "/ocsp";
    }
}
