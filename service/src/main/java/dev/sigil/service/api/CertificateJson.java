package dev.sigil.service.api;

import dev.sigil.service.ca.revocation.RevocationReason;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.San;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The certificate JSON of docs/API.md. Absent values are left out rather than sent as null. */
final class CertificateJson {

    private CertificateJson() {
    }

    static Map<String, Object> summary(CertificateRecord c, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", c.issuerId());
        m.put("serial", c.serial());
        m.put("subject", c.subjectDn());
        m.put("sans", c.sans().stream().map(San::toString).toList());
        m.put("keyType", c.keyType());
        m.put("notBefore", c.notBefore().toString());
        m.put("notAfter", c.notAfter().toString());
        m.put("status", c.statusAt(now).name().toLowerCase(Locale.ROOT));
        c.revokedAt().ifPresent(t -> m.put("revokedAt", t.toString()));
        c.revocationReason().ifPresent(r -> m.put("revocationReason", RevocationReason.ofCode(r).rfcName()));
        c.owner().ifPresent(o -> m.put("owner", o));
        c.label().ifPresent(l -> m.put("label", l));
        m.put("profile", c.profile());
        m.put("issuedAt", c.issuedAt().toString());
        m.put("requestedBy", c.requestedBy());
        return m;
    }

    static Map<String, Object> full(CertificateRecord c, List<byte[]> chain, Instant now) {
        Map<String, Object> m = summary(c, now);
        m.put("certificatePem", Pem.certificate(c.der()));
        m.put("chainPem", Pem.certificates(chain));
        return m;
    }

    static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
