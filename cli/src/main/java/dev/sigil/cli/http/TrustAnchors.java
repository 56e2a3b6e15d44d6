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
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
        return fromCertificates(read(pem), pem.toString());
    }

    /**
     * Reads the certificates of a PEM (or DER) file.
     *
     * @throws ConfigException if the file cannot be read or holds no certificate
     */
    public static List<X509Certificate> read(Path pem) throws ConfigException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            if (Files.size(pem) > MAX_PEM_BYTES) {
                throw new ConfigException("CA certificate file " + pem + " is larger than " + MAX_PEM_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(pem)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    out.add((X509Certificate) c);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read CA certificate file " + pem + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new ConfigException("CA certificate file " + pem + " does not hold a PEM certificate", e);
        }
        if (out.isEmpty()) {
            throw new ConfigException("CA certificate file " + pem + " does not hold a PEM certificate");
        }
        return out;
    }

    /**
     * A TLS context whose only trust anchors are {@code certs}.
     *
     * @param what names the certificates in messages, e.g. the file they came from
     */
    public static SSLContext fromCertificates(Collection<? extends Certificate> certs, String what)
            throws ConfigException {
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
            throw new ConfigException("cannot build a TLS context from " + what + ": " + e.getMessage(), e);
        }
    }
}
