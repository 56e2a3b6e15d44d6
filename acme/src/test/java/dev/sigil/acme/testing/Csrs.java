package dev.sigil.acme.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

/** Builds CSRs as ACME clients do (Bouncy Castle): SANs from "dns:x" / "ip:y" names, optional CN. */
public final class Csrs {

    private Csrs() {
    }

    public static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSR for {@code names} (each "dns:..." or "ip:...") with a fresh P-256 key. */
    public static byte[] csr(List<String> names) {
        return csr(p256(), null, names);
    }

    /** A CSR signed with {@code keys}, subject CN {@code cn} (none if null), SANs {@code names}. */
    public static byte[] csr(KeyPair keys, String cn, List<String> names) {
        try {
            X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
            if (cn != null) {
                subject.addRDN(BCStyle.CN, cn);
            }
            X500Name name = subject.build();
            JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(name,
                    keys.getPublic());
            GeneralName[] sans = names.stream().map(n -> n.startsWith("ip:")
                    ? new GeneralName(GeneralName.iPAddress, n.substring(3))
                    : new GeneralName(GeneralName.dNSName, n.substring(4))).toArray(GeneralName[]::new);
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            String algorithm = keys.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA"
                    : keys.getPublic().getAlgorithm().startsWith("Ed") ? "Ed25519" : "SHA256withECDSA";
            return builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
