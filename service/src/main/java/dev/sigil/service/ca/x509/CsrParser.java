package dev.sigil.service.ca.x509;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.certificate.San;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses a PEM or DER PKCS#10 request and verifies its signature. Every failure is a {@code bad-csr} problem that
 * says what is wrong; nothing about the request is trimmed or guessed.
 */
public final class CsrParser {

    /** Largest CSR accepted (a 4096-bit RSA CSR with many SANs is well under this). */
    public static final int MAX_CSR_BYTES = 32 * 1024;
    /** Most SANs one certificate may carry. */
    public static final int MAX_SANS = 100;

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\\s]+)-----END (NEW )?CERTIFICATE REQUEST-----");

    private CsrParser() {
    }

    public static ParsedCsr parsePem(String pem) {
        if (pem == null || pem.isBlank()) {
            throw SigilException.badCsr("the request has no CSR");
        }
        if (pem.length() > MAX_CSR_BYTES * 2) {
            throw SigilException.badCsr("the CSR is larger than " + MAX_CSR_BYTES + " bytes");
        }
        var m = PEM.matcher(pem);
        if (!m.find()) {
            throw SigilException.badCsr("the CSR is not PEM (expected -----BEGIN CERTIFICATE REQUEST-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", "").getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw SigilException.badCsr("the CSR's base64 is malformed");
        }
        return parseDer(der);
    }

    public static ParsedCsr parseDer(byte[] der) {
        KeyType.installProviders();
        if (der.length > MAX_CSR_BYTES) {
            throw SigilException.badCsr("the CSR is larger than " + MAX_CSR_BYTES + " bytes");
        }
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(der);
        } catch (Exception e) { // BC throws IOException or runtime ASN.1 errors for garbage; all mean the same here
            throw SigilException.badCsr("the CSR is not a valid PKCS#10 structure");
        }
        var classified = KeyType.classify(csr.getSubjectPublicKeyInfo());
        verifySignature(csr, classified.type());
        return new ParsedCsr(csr.getSubject(), commonName(csr), sans(csr), csr.getSubjectPublicKeyInfo(),
                classified.type(), classified.description());
    }

    private static void verifySignature(PKCS10CertificationRequest csr, Optional<KeyType> type) {
        boolean valid;
        try {
            String provider = type.map(KeyType::provider).orElse("BC");
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(provider)
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) { // unknown algorithms and unparseable keys surface as assorted BC exceptions
            throw SigilException.badCsr("the CSR's signature cannot be checked (unsupported key or signature algorithm)");
        }
        if (!valid) {
            throw SigilException.badCsr("the CSR's signature does not verify with its public key");
        }
    }

    private static Optional<String> commonName(PKCS10CertificationRequest csr) {
        RDN[] cns = csr.getSubject().getRDNs(BCStyle.CN);
        if (cns.length == 0) {
            return Optional.empty();
        }
        if (cns.length > 1) {
            throw SigilException.badCsr("the CSR subject has more than one CN");
        }
        return Optional.of(IETFUtils.valueToString(cns[0].getFirst().getValue()));
    }

    private static List<San> sans(PKCS10CertificationRequest csr) {
        List<San> out = new ArrayList<>();
        for (Attribute attr : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions exts;
            try {
                exts = Extensions.getInstance(attr.getAttrValues().getObjectAt(0));
            } catch (RuntimeException e) {
                throw SigilException.badCsr("the CSR's extension request is malformed");
            }
            GeneralNames names = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
            if (names == null) {
                continue;
            }
            for (GeneralName n : names.getNames()) {
                out.add(toSan(n));
            }
        }
        if (out.size() > MAX_SANS) {
            throw SigilException.badCsr("the CSR has " + out.size() + " SANs; at most " + MAX_SANS + " are allowed");
        }
        return out;
    }

    private static San toSan(GeneralName n) {
        switch (n.getTagNo()) {
            case GeneralName.dNSName -> {
                String name = ASN1IA5String.getInstance(n.getName()).getString();
                return San.dns(name);
            }
            case GeneralName.iPAddress -> {
                byte[] raw = ASN1OctetString.getInstance(n.getName()).getOctets();
                try {
                    return San.ip(IpAddresses.canonical(InetAddress.getByAddress(raw)));
                } catch (java.net.UnknownHostException e) {
                    throw SigilException.badCsr("the CSR has an IP SAN of " + raw.length + " bytes");
                }
            }
            case GeneralName.rfc822Name -> throw SigilException.badCsr("the CSR has an email SAN; Sigil issues DNS and IP SANs only");
            case GeneralName.uniformResourceIdentifier -> throw SigilException.badCsr("the CSR has a URI SAN; Sigil issues DNS and IP SANs only");
            default -> throw SigilException.badCsr("the CSR has an unsupported SAN type (tag " + n.getTagNo() + ")");
        }
    }
}
