package dev.sigil.service.web;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.IpAddresses;
import dev.sigil.service.ca.x509.LeafSigner;
import dev.sigil.service.ca.x509.LeafTemplate;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.ca.x509.SerialNumbers;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.ledger.Ledger;
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
 * It goes into the inventory like any certificate (profile {@code sigil-tls}) before the listener uses it.
 * The key is generated fresh at each start and kept in memory only.
 */
public final class ServerTls {

    public static final String PROFILE = "sigil-tls";
    static final Duration BACKDATE = Duration.ofMinutes(1);

    private final IssuerRegistry issuers;
    private final LeafSigner signer;
    private final Ledger ledger;
    private final Clock clock;

    public ServerTls(IssuerRegistry issuers, LeafSigner signer, Ledger ledger, Clock clock) {
        this.issuers = issuers;
        this.signer = signer;
        this.ledger = ledger;
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
        byte[] der = signer.sign(t, issuer);
        String serial = SerialNumbers.hex(t.serial());
        ledger.recordIssuance(new CertificateRecord(issuer.id(), serial, "CN=" + sans.iterator().next().value(),
                List.copyOf(sans), KeyType.EC_P256.name(), t.notBefore(), t.notAfter(), CertificateStatus.VALID,
                Optional.empty(), Optional.empty(), Optional.of("sigil"), Optional.of("Sigil HTTPS listener"), PROFILE,
                der, now, "system"), AuditEvent.success(now, "system", "certificate.issue", issuer.id() + "/" + serial,
                "profile=" + PROFILE + " sans=" + sans));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(Pem.parseCertificate(der));
        chain.addAll(issuer.chainToRoot().subList(0, issuer.chainToRoot().size() - 1));
        return Tls.builder()
                .privateKey(keys.getPrivate())
                .privateKeyCertChain(chain)
                .build();
    }
}
