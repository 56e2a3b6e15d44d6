package dev.sigil.service.managed;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What a workload needs to use the current version of a managed certificate. Holds a private key in the clear:
 * {@link #toString()} leaves it out, and nothing here is logged.
 *
 * @param name        the managed certificate
 * @param version     its current version
 * @param certificate the certificate
 * @param chain       the issuing CA's certificate, then its parents up to and including the root
 * @param privateKey  the decrypted private key
 */
public record Credential(String name, int version, X509Certificate certificate, List<X509Certificate> chain,
                         PrivateKey privateKey) {

    public Credential {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certificate, "certificate");
        chain = List.copyOf(chain);
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** The chain a TLS server sends after its certificate: the CAs without the self-signed root. */
    public List<X509Certificate> chainWithoutRoot() {
        if (!chain.isEmpty()) {
            X509Certificate last = chain.getLast();
            if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                return chain.subList(0, chain.size() - 1);
            }
        }
        return chain;
    }

    @Override
    public String toString() {
        return "Credential[" + name + " v" + version + " serial " + certificate.getSerialNumber().toString(16) + "]";
    }
}
