package dev.sigil.service.ca.x509;

import dev.sigil.storage.certificate.San;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Lints a {@link LeafTemplate} against its issuer, then signs it once. Lint failures are Sigil bugs (policy has
 * already refused bad requests), so they surface as internal errors and nothing is signed.
 */
public final class LeafSigner {

    /** RFC 5280 §4.1.2.2: serials are at most 20 octets. */
    static final int MAX_SERIAL_OCTETS = 20;

    private final CaUrls urls;

    public LeafSigner(CaUrls urls) {
        this.urls = urls;
    }

    /** The problems with a template, empty if it may be signed. */
    public static List<String> lint(LeafTemplate t, SigningIssuer issuer) {
        List<String> problems = new ArrayList<>();
        if (t.serial().signum() <= 0 || t.serial().toByteArray().length > MAX_SERIAL_OCTETS) {
            problems.add("serial must be positive and at most 20 octets");
        }
        if (!t.notBefore().isBefore(t.notAfter())) {
            problems.add("notBefore must precede notAfter");
        }
        if (t.notAfter().isAfter(issuer.record().notAfter())) {
            problems.add("validity must end within the issuer's");
        }
        if (t.sans().isEmpty() && t.subject().getRDNs().length == 0) {
            problems.add("a certificate needs a subject or a SAN");
        }
        if (t.extendedKeyUsage().isEmpty()) {
            problems.add("an extended key usage is required");
        }
        if (isOcspSigner(t) && t.extendedKeyUsage().size() > 1) {
            problems.add("an OCSP signing certificate must have no other extended key usage");
        }
        return problems;
    }

    /** Lints then signs; returns the DER certificate. */
    public byte[] sign(LeafTemplate t, SigningIssuer issuer) {
        List<String> problems = lint(t, issuer);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("certificate template failed lint: " + problems);
        }
        try {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer.subject(), t.serial(),
                    Date.from(t.notBefore()), Date.from(t.notAfter()), t.subject(), t.publicKey());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, keyUsage(t));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(t.extendedKeyUsage().toArray(KeyPurposeId[]::new)));
            b.addExtension(Extension.subjectKeyIdentifier, false, CertExtensions.subjectKeyId(t.publicKey()));
            b.addExtension(Extension.authorityKeyIdentifier, false, issuer.authorityKeyIdForChildren());
            if (!t.sans().isEmpty()) {
                // RFC 5280 §4.2.1.6: critical when the subject is empty.
                b.addExtension(Extension.subjectAlternativeName, t.subject().getRDNs().length == 0, generalNames(t.sans()));
            }
            if (isOcspSigner(t)) {
                // RFC 6960 §4.2.2.2.1: relying parties do not check a delegated responder's own status, so it
                // carries id-pkix-ocsp-nocheck and no CDP/AIA (it is short-lived and renewed instead).
                b.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
            } else {
                b.addExtension(Extension.cRLDistributionPoints, false, CertExtensions.crlDistributionPoint(urls.crl(issuer.id())));
                b.addExtension(Extension.authorityInfoAccess, false,
                        CertExtensions.caIssuersAndOcsp(urls.caIssuers(issuer.id()), urls.ocsp()));
            }
            return b.build(issuer.signer()).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    /** A delegated OCSP responder certificate (RFC 6960 §4.2.2.2), recognised by its EKU. */
    static boolean isOcspSigner(LeafTemplate t) {
        return t.extendedKeyUsage().contains(KeyPurposeId.id_kp_OCSPSigning);
    }

    private static KeyUsage keyUsage(LeafTemplate t) {
        int usage = KeyUsage.digitalSignature;
        if (t.keyType().isRsa() && t.extendedKeyUsage().contains(KeyPurposeId.id_kp_serverAuth)) {
            usage |= KeyUsage.keyEncipherment; // RSA key exchange in TLS 1.2
        }
        return new KeyUsage(usage);
    }

    static GeneralNames generalNames(List<San> sans) throws CertIOException {
        List<GeneralName> names = new ArrayList<>();
        for (San s : sans) {
            switch (s.type()) {
                case DNS -> names.add(new GeneralName(GeneralName.dNSName, new DERIA5String(s.value())));
                case IP -> names.add(new GeneralName(GeneralName.iPAddress,
                        new DEROctetString(IpAddresses.parseLiteral(s.value()).getAddress())));
                default -> throw new IllegalStateException("unsupported SAN type " + s.type());
            }
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    /** The serial as the inventory stores it. */
    public static String serialHex(BigInteger serial) {
        return SerialNumbers.hex(serial);
    }
}
