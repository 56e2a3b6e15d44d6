package dev.sigil.service.ca.ocsp;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.issuance.IssuanceService;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.ca.x509.LeafSigner;
import dev.sigil.service.ca.x509.LeafTemplate;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.ca.x509.SerialNumbers;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.TestCa;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.certificate.San;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A CA in memory, its issuers in an H2 inventory, and helpers to issue, revoke, ask and read OCSP answers. */
final class OcspTestBed implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    final Database db;
    final IssuerRegistry registry;
    final IssuanceService issuance;
    final SigningIssuer intermediate;
    final SigningIssuer root;

    OcspTestBed(Path dir) {
        db = Database.open(DatabaseSettings.embedded(dir));
        registry = TestCa.create(KeyType.EC_P256, START, Duration.ofDays(200));
        root = registry.find("root-test").orElseThrow();
        intermediate = registry.find("int-test").orElseThrow();
        for (SigningIssuer i : List.of(root, intermediate)) {
            db.ledger().addIssuer(i.record(), AuditEvent.success(START, "test", "ca.create", i.id(), ""));
        }
        Profiles profiles = Profiles.fromConfig(SigilConfig.load(Optional.empty(), Map.of(), Map.of()));
        issuance = new IssuanceService(registry, profiles, new LeafSigner(TestCa.URLS), db.ledger(), new SigilMetrics(),
                java.time.Clock.fixed(START, java.time.ZoneOffset.UTC));
    }

    /** A server certificate from the intermediate, committed to the inventory. */
    X509Certificate issueLeaf(Instant now, Duration lifetime) {
        var keys = KeyType.EC_P256.generate();
        LeafTemplate t = new LeafTemplate(SerialNumbers.next(), new X500Name("CN=leaf.test"), List.of(San.dns("leaf.test")),
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()), KeyType.EC_P256,
                now.minusSeconds(60), now.plus(lifetime), List.of(KeyPurposeId.id_kp_serverAuth));
        CertificateRecord r = issuance.signAndRecord(t, intermediate, "server", Optional.empty(), Optional.empty(), "test", now)
                .record();
        return Pem.parseCertificate(r.der());
    }

    void revoke(X509Certificate cert, int reason, Instant at) {
        String serial = SerialNumbers.hex(cert.getSerialNumber());
        db.ledger().revoke(new RevocationRecord(intermediate.id(), serial, at, reason, Optional.empty(), "test"),
                AuditEvent.success(at, "test", "certificate.revoke", intermediate.id() + "/" + serial, ""));
    }

    static CertificateID certId(X509Certificate issuer, BigInteger serial, ASN1ObjectIdentifier hash) throws Exception {
        return new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(hash)),
                new JcaX509CertificateHolder(issuer), serial);
    }

    static CertificateID sha1Id(X509Certificate issuer, BigInteger serial) throws Exception {
        return new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), serial);
    }

    static byte[] request(Optional<Extensions> extensions, CertificateID... ids) throws Exception {
        OCSPReqBuilder b = new OCSPReqBuilder();
        for (CertificateID id : ids) {
            b.addRequest(id);
        }
        extensions.ifPresent(b::setRequestExtensions);
        return b.build().getEncoded();
    }

    /** The BasicOCSPResp of a successful answer (asserting it is one). */
    static BasicOCSPResp basic(OcspAnswer answer) throws Exception {
        OCSPResp resp = new OCSPResp(answer.der());
        assertThat(resp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        assertThat(answer.successful()).isTrue();
        return (BasicOCSPResp) resp.getResponseObject();
    }

    static X509CertificateHolder holder(X509Certificate c) throws Exception {
        return new JcaX509CertificateHolder(c);
    }

    @Override
    public void close() {
        db.close();
    }
}
