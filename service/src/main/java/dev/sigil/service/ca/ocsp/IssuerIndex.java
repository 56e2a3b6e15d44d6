package dev.sigil.service.ca.ocsp;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.x509.SigningIssuer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.ocsp.CertificateID;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the issuer a CertID names by its issuerNameHash and issuerKeyHash (RFC 6960 §4.1.1), hashed up front for
 * every issuer and every supported hash: SHA-1 (what openssl and most clients send) and SHA-256/384/512.
 */
final class IssuerIndex {

    static final Map<ASN1ObjectIdentifier, String> DIGESTS = Map.of(
            OIWObjectIdentifiers.idSHA1, "SHA-1",
            NISTObjectIdentifiers.id_sha256, "SHA-256",
            NISTObjectIdentifiers.id_sha384, "SHA-384",
            NISTObjectIdentifiers.id_sha512, "SHA-512");

    private record Hashes(ASN1ObjectIdentifier algorithm, String nameHash, String keyHash) {
    }

    private final Map<Hashes, String> issuerIds;

    private IssuerIndex(Map<Hashes, String> issuerIds) {
        this.issuerIds = Map.copyOf(issuerIds);
    }

    static IssuerIndex of(IssuerRegistry registry) {
        Map<Hashes, String> ids = new HashMap<>();
        for (SigningIssuer issuer : registry.all()) {
            // The name exactly as encoded in the issuer's certificate: that is what its children carry as issuer.
            byte[] name = issuer.certificate().getSubjectX500Principal().getEncoded();
            byte[] key = SubjectPublicKeyInfo.getInstance(issuer.certificate().getPublicKey().getEncoded())
                    .getPublicKeyData().getBytes();
            DIGESTS.forEach((oid, jca) -> ids.put(new Hashes(oid, hex(digest(jca, name)), hex(digest(jca, key))), issuer.id()));
        }
        return new IssuerIndex(ids);
    }

    /** The issuer the CertID names, if Sigil holds it and the hash algorithm is supported. */
    Optional<String> issuerOf(CertificateID id) {
        return Optional.ofNullable(issuerIds.get(new Hashes(id.getHashAlgOID(), hex(id.getIssuerNameHash()),
                hex(id.getIssuerKeyHash()))));
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
