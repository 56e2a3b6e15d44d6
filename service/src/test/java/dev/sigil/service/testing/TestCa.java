package dev.sigil.service.testing;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.CaCertificates;
import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.storage.issuer.IssuerKind;
import dev.sigil.storage.issuer.IssuerRecord;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An in-memory root and intermediate for tests that need an issuer but no database. */
public final class TestCa {

    public static final CaUrls URLS = new CaUrls("http://ca.test:8080");

    private TestCa() {
    }

    public static IssuerRegistry create(KeyType type, Instant now, Duration intermediateValidity) {
        KeyPair rootKeys = type.generate();
        byte[] rootDer = CaCertificates.selfSignedRoot(rootKeys, type, CaCertificates.name("Test Root", Optional.empty()),
                now.minusSeconds(60), now.plus(Duration.ofDays(3650)));
        X509Certificate rootCert = Pem.parseCertificate(rootDer);
        IssuerRecord root = new IssuerRecord("root-test", "Test Root", IssuerKind.ROOT, Optional.empty(),
                rootCert.getSubjectX500Principal().getName(), type.name(), "root.key", rootDer,
                rootCert.getNotBefore().toInstant(), rootCert.getNotAfter().toInstant(), now);
        SigningIssuer rootSigner = new SigningIssuer(root, rootKeys.getPrivate(), List.of(rootCert));
        KeyPair intKeys = type.generate();
        byte[] intDer = CaCertificates.intermediate(intKeys, CaCertificates.name("Test Issuing", Optional.empty()),
                now.minusSeconds(60), now.plus(intermediateValidity), rootSigner, URLS);
        X509Certificate intCert = Pem.parseCertificate(intDer);
        IssuerRecord intermediate = new IssuerRecord("int-test", "Test Issuing", IssuerKind.INTERMEDIATE,
                Optional.of("root-test"), intCert.getSubjectX500Principal().getName(), type.name(), "int.key", intDer,
                intCert.getNotBefore().toInstant(), intCert.getNotAfter().toInstant(), now);
        return new IssuerRegistry(List.of(rootSigner,
                new SigningIssuer(intermediate, intKeys.getPrivate(), List.of(intCert, rootCert))));
    }
}
