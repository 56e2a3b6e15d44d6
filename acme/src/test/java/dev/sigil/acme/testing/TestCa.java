package dev.sigil.acme.testing;

import dev.sigil.acme.port.CaRefusal;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.port.IdentifierRefusal;
import dev.sigil.acme.port.IssuanceOrder;
import dev.sigil.acme.port.IssuedChain;
import dev.sigil.acme.port.KnownCertificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real, small CA for tests: a self-signed P-256 issuing CA that signs leaves from the finalize CSR with Bouncy
 * Castle and keeps what it issued in memory (certificate, requesting account, revocation). Its policy refuses DNS
 * names under {@code forbidden.test}; {@link #unavailable} makes issuance fail as a CA outage would.
 */
public final class TestCa implements CertificateAuthorityPort {

    public static final String ISSUER_ID = "test-ca";
    public static final String FORBIDDEN_SUFFIX = "forbidden.test";
    public static final URI ISSUER_URL = URI.create("http://127.0.0.1:8080/ca/test-ca.crt");
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);

    /** One issued certificate. */
    public record Issued(byte[] der, String accountId, List<String> identifiers, String profile,
                         Optional<Integer> revocationReason, Optional<String> revokedBy) {
    }

    private final Clock clock;
    private final KeyPair caKeys = Csrs.p256();
    private final X509CertificateHolder caCert;
    private final byte[] caKeyId;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    public volatile boolean unavailable;
    /** When set, the identifier policy check throws it: an unexpected fault inside the CA. */
    public volatile RuntimeException fault;

    public TestCa(Clock clock) {
        this.clock = clock;
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(caKeys.getPublic().getEncoded());
            caKeyId = utils.createSubjectKeyIdentifier(spki).getKeyIdentifier();
            X500Name name = new X500Name("CN=Sigil Test CA");
            Instant now = clock.instant();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(spki));
            caCert = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public IssuedChain issue(IssuanceOrder order) {
        if (unavailable) {
            throw new CaRefusal(CaRefusal.Reason.UNAVAILABLE, "the CA is down");
        }
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(order.csrDer());
            if (csr.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().getId().equals("1.2.840.113549.1.1.1")
                    && csr.getSubjectPublicKeyInfo().getPublicKeyData().getBytes().length < 256) {
                throw new CaRefusal(CaRefusal.Reason.BAD_CSR, "RSA keys must have at least 2048 bits");
            }
            BigInteger serial = new BigInteger(128, random).setBit(127);
            Instant notBefore = order.notBefore().orElse(clock.instant());
            Instant notAfter = order.notAfter().orElse(notBefore.plus(DEFAULT_LIFETIME));
            GeneralName[] sans = order.identifiers().stream().map(i -> i.startsWith("ip:")
                    ? new GeneralName(GeneralName.iPAddress, i.substring(3))
                    : new GeneralName(GeneralName.dNSName, i.substring(4))).toArray(GeneralName[]::new);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(caCert.getSubject(), serial,
                    Date.from(notBefore), Date.from(notAfter), new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                    csr.getSubjectPublicKeyInfo())
                    .addExtension(Extension.subjectAlternativeName, true, new GeneralNames(sans))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(caCert));
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()))
                    .getEncoded();
            String serialHex = serial.toString(16);
            issued.put(serialHex, new Issued(der, order.accountId(), order.identifiers(), order.profile(),
                    Optional.empty(), Optional.empty()));
            return new IssuedChain(ISSUER_ID, serialHex, der, List.of(caCert.getEncoded()));
        } catch (CaRefusal e) {
            throw e;
        } catch (Exception e) {
            throw new CaRefusal(CaRefusal.Reason.BAD_CSR, "the CSR could not be signed");
        }
    }

    @Override
    public void revoke(String issuerId, String serial, int reasonCode, String actor) {
        Issued cert = issuerId.equals(ISSUER_ID) ? issued.get(serial) : null;
        if (cert == null) {
            throw new CaRefusal(CaRefusal.Reason.NOT_FOUND, "no such certificate");
        }
        if (cert.revocationReason().isPresent()) {
            throw new CaRefusal(CaRefusal.Reason.ALREADY_REVOKED, "already revoked");
        }
        issued.put(serial, new Issued(cert.der(), cert.accountId(), cert.identifiers(), cert.profile(),
                Optional.of(reasonCode), Optional.of(actor)));
    }

    @Override
    public List<IdentifierRefusal> checkIdentifiers(String profile, List<String> identifiers) {
        if (fault != null) {
            throw fault;
        }
        List<IdentifierRefusal> refused = new ArrayList<>();
        for (String identifier : identifiers) {
            if (identifier.endsWith("." + FORBIDDEN_SUFFIX) || identifier.equals("dns:" + FORBIDDEN_SUFFIX)) {
                refused.add(new IdentifierRefusal(identifier, "names under " + FORBIDDEN_SUFFIX + " are not allowed"));
            }
        }
        return refused;
    }

    @Override
    public IssuedChain chain(String issuerId, String serial) {
        Issued cert = issuerId.equals(ISSUER_ID) ? issued.get(serial) : null;
        if (cert == null) {
            throw new CaRefusal(CaRefusal.Reason.NOT_FOUND, "no such certificate");
        }
        try {
            return new IssuedChain(ISSUER_ID, serial, cert.der(), List.of(caCert.getEncoded()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<KnownCertificate> find(byte[] certificateDer) {
        return issued.entrySet().stream().filter(e -> Arrays.equals(e.getValue().der(), certificateDer))
                .findFirst().map(e -> known(e.getKey(), e.getValue()));
    }

    @Override
    public Optional<KnownCertificate> find(String authorityKeyIdHex, String serialHex) {
        if (!authorityKeyIdHex.equals(HexFormat.of().formatHex(caKeyId))) {
            return Optional.empty();
        }
        return Optional.ofNullable(issued.get(serialHex)).map(c -> known(serialHex, c));
    }

    @Override
    public Optional<URI> issuerCertificateUrl(String issuerId) {
        return issuerId.equals(ISSUER_ID) ? Optional.of(ISSUER_URL) : Optional.empty();
    }

    /** What the CA recorded for a serial. */
    public Optional<Issued> issued(String serialHex) {
        return Optional.ofNullable(issued.get(serialHex));
    }

    public int issuedCount() {
        return issued.size();
    }

    public byte[] caCertificateDer() {
        try {
            return caCert.getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KnownCertificate known(String serial, Issued cert) {
        return new KnownCertificate(ISSUER_ID, serial, cert.der(), cert.revocationReason().isPresent(),
                Optional.of(cert.accountId()));
    }
}
