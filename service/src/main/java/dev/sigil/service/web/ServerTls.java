package dev.sigil.service.web;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.issuance.IssuanceService;
import dev.sigil.service.ca.issuance.IssuedCertificate;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.IpAddresses;
import dev.sigil.service.ca.x509.LeafTemplate;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.ca.x509.SerialNumbers;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.storage.certificate.San;
import io.helidon.common.tls.Tls;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sigil's own HTTPS certificate, issued by its own CA for localhost, 127.0.0.1, ::1 and the configured host names.
 * It goes into the inventory like any certificate (profile {@code sigil-tls}, through the same sign-and-record path)
 * before the listener uses it. The key is generated fresh at each start and kept in memory only.
 */
public final class ServerTls {

    public static final String PROFILE = "sigil-tls";
    static final Duration BACKDATE = Duration.ofMinutes(1);

    private final IssuerRegistry issuers;
    private final IssuanceService issuance;
    private final Clock clock;

    public ServerTls(IssuerRegistry issuers, IssuanceService issuance, Clock clock) {
        this.issuers = issuers;
        this.issuance = issuance;
        this.clock = clock;
    }

    /** Issues, records and returns a TLS configuration for the HTTPS listener. */
    public Tls issue(List<String> hostnames, Duration validity) {
        Instant now = clock.instant();
        SigningIssuer issuer = issuers.issuing(now);
        KeyPair keys = KeyType.EC_P256.generate();
        Set<San> sans = new LinkedHashSet<>(List.of(San.dns("localhost"), San.ip("127.0.0.1"), San.ip("::1")));
        for (String h : hostnames) {
            sans.add(IpAddresses.isLiteral(h) ? San.ip(IpAddresses.canonical(IpAddresses.parseLiteral(h))) : San.dns(h));
        }
        Instant notAfter = now.plus(validity).isAfter(issuer.record().notAfter()) ? issuer.record().notAfter() : now.plus(validity);
        LeafTemplate t = new LeafTemplate(SerialNumbers.next(), new X500Name("CN=" + sans.iterator().next().value()),
                List.copyOf(sans), SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()), KeyType.EC_P256,
                now.minus(BACKDATE), notAfter, List.of(KeyPurposeId.id_kp_serverAuth));
        IssuedCertificate issued = issuance.signAndRecord(t, issuer, PROFILE, Optional.of("sigil"),
                Optional.of("Sigil HTTPS listener"), "system", now);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(Pem.parseCertificate(issued.record().der()));
        issued.chain().forEach(der -> chain.add(Pem.parseCertificate(der)));
        return Tls.builder()
                .privateKey(keys.getPrivate())
                .privateKeyCertChain(chain)
                .build();
    }
}
