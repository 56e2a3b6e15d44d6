package dev.sigil.acme.testing;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A tls-alpn-01 responder (RFC 8737 §3) on 127.0.0.1: accepts TCP, then speaks TLS with ALPN {@code acme-tls/1}
 * presenting the validation certificate last provisioned (SAN = the identifier, critical acmeIdentifier extension
 * holding SHA-256 of the key authorization).
 */
public final class TlsAlpnResponder implements AutoCloseable {

    /** id-pe-acmeIdentifier (RFC 8737 §6.1). */
    static final ASN1ObjectIdentifier ACME_IDENTIFIER = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.31");
    private static final char[] PASSWORD = "test".toCharArray();

    private final ServerSocket server;
    private volatile SSLContext context;

    public TlsAlpnResponder() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        Thread.ofPlatform().daemon(true).name("tls-alpn-responder").start(this::serve);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** @param identifier "dns:name" or "ip:address" */
    public void provision(String identifier, String keyAuthorization) throws Exception {
        KeyPair key = Csrs.p256();
        GeneralName san = identifier.startsWith("ip:") ? new GeneralName(GeneralName.iPAddress, identifier.substring(3))
                : new GeneralName(GeneralName.dNSName, identifier.substring(4));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyAuthorization.getBytes(StandardCharsets.UTF_8));
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=acme-tls-alpn-01");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                subject, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), subject, key.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san))
                .addExtension(ACME_IDENTIFIER, true, new DEROctetString(digest))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("acme", key.getPrivate(), PASSWORD, new Certificate[] {cert});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext fresh = SSLContext.getInstance("TLS");
        fresh.init(keys.getKeyManagers(), null, null);
        context = fresh;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket raw = server.accept()) {
                SSLContext current = context;
                if (current == null) {
                    continue;
                }
                raw.setSoTimeout(5000);
                try (SSLSocket tls = (SSLSocket) current.getSocketFactory().createSocket(raw, null, raw.getPort(),
                        false)) {
                    tls.setUseClientMode(false);
                    SSLParameters parameters = tls.getSSLParameters();
                    parameters.setApplicationProtocols(new String[] {"acme-tls/1"});
                    tls.setSSLParameters(parameters);
                    tls.startHandshake();
                    tls.getInputStream().read(); // until the validator hangs up
                }
            } catch (IOException e) {
                // a handshake the validator ended: nothing more to serve
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
