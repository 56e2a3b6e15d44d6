package dev.sigil.service.testing;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.Pem;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;

/** Builds CSRs for tests with Bouncy Castle (end-to-end tests use openssl instead). */
public final class TestCsrs {

    private TestCsrs() {
    }

    public static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    /** A CSR for {@code cn} with DNS SANs and optional IP SANs ("ip:" prefix). */
    public static String csr(KeyPair keys, String subject, String... sans) throws Exception {
        return Pem.encode("CERTIFICATE REQUEST", der(keys, subject, sans));
    }

    public static String csr(KeyType type, String subject, String... sans) throws Exception {
        return csr(type.generate(), subject, sans);
    }

    public static byte[] der(KeyPair keys, String subject, String... sans) throws Exception {
        var b = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic());
        if (sans.length > 0) {
            List<GeneralName> names = new ArrayList<>();
            for (String s : sans) {
                names.add(s.startsWith("ip:")
                        ? new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName(s.substring(3)).getAddress()))
                        : s.startsWith("email:") ? new GeneralName(GeneralName.rfc822Name, s.substring(6))
                        : new GeneralName(GeneralName.dNSName, new DERIA5String(s)));
            }
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
        }
        String alg = switch (keys.getPublic().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> "SHA256withECDSA";
        };
        return b.build(new JcaContentSignerBuilder(alg).build(keys.getPrivate())).getEncoded();
    }

    /** The same CSR with one byte of its signature flipped. */
    public static String withBadSignature(String pem) {
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        der[der.length - 5] ^= 0x01;
        return Pem.encode("CERTIFICATE REQUEST", der);
    }
}
