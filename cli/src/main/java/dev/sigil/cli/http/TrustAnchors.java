package dev.sigil.cli.http;

import dev.sigil.cli.config.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a TLS context whose only trust anchors are the certificates of one PEM file (the Sigil root), instead of the
 * JDK's public CAs. Hostname verification stays on: {@link java.net.http.HttpClient} does it on top of this context.
 */
public final class TrustAnchors {

    /** A root file is a few KiB; refuse to parse anything absurd. */
    static final long MAX_PEM_BYTES = 1024 * 1024;

    private TrustAnchors() {
    }

    /** @throws ConfigException if the file cannot be read or holds no certificate */
    public static SSLContext fromPemFile(Path pem) throws ConfigException {
        Collection<? extends Certificate> certs;
        try {
            if (Files.size(pem) > MAX_PEM_BYTES) {
                throw new ConfigException("CA certificate file " + pem + " is larger than " + MAX_PEM_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(pem)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read CA certificate file " + pem + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new ConfigException("CA certificate file " + pem + " does not hold a PEM certificate", e);
        }
        if (certs.isEmpty()) {
            throw new ConfigException("CA certificate file " + pem + " does not hold a PEM certificate");
        }
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                anchors.setCertificateEntry("sigil-anchor-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("cannot build a TLS context from " + pem + ": " + e.getMessage(), e);
        }
    }
}
