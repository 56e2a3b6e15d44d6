package dev.sigil.acme.validation;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tls-alpn-01 certificate rules of RFC 8737 §3 (and RFC 8738 §6 for IP identifiers): a subjectAltName with
 * exactly one entry, the identifier, and a critical acmeIdentifier extension whose value is the DER OCTET STRING
 * of SHA-256(keyAuthorization). Parsed with Bouncy Castle, which also refuses a certificate repeating an extension.
 */
final class AcmeTlsCertificate {

    /** id-pe-acmeIdentifier, RFC 8737 §6.1. */
    static final ASN1ObjectIdentifier ACME_IDENTIFIER = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.31");
    private static final int SHA256_BYTES = 32;

    private AcmeTlsCertificate() {
    }

    /** Empty if the certificate proves control; otherwise what is wrong with it, fit for a problem detail. */
    static Optional<String> check(byte[] der, Target target, byte[] expectedDigest) {
        X509CertificateHolder certificate;
        try {
            certificate = new X509CertificateHolder(der);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            return Optional.of("the certificate cannot be parsed");
        }
        Optional<String> wrongName = checkSubjectAltName(certificate, target);
        if (wrongName.isPresent()) {
            return wrongName;
        }
        Extension extension = certificate.getExtension(ACME_IDENTIFIER);
        if (extension == null) {
            return Optional.of("the certificate has no acmeIdentifier extension");
        }
        if (!extension.isCritical()) {
            return Optional.of("the certificate's acmeIdentifier extension is not critical");
        }
        byte[] digest;
        try {
            ASN1Primitive value = ASN1Primitive.fromByteArray(extension.getExtnValue().getOctets());
            if (!(value instanceof ASN1OctetString octets) || octets.getOctets().length != SHA256_BYTES) {
                return Optional.of("the certificate's acmeIdentifier extension is not an OCTET STRING of 32 bytes");
            }
            digest = octets.getOctets();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("the certificate's acmeIdentifier extension is not valid DER");
        }
        if (!MessageDigest.isEqual(digest, expectedDigest)) {
            return Optional.of("the certificate's acmeIdentifier extension holds " + hex(digest) + " but "
                    + hex(expectedDigest) + " was expected");
        }
        return Optional.empty();
    }

    private static Optional<String> checkSubjectAltName(X509CertificateHolder certificate, Target target) {
        GeneralName[] entries;
        boolean matches;
        try {
            GeneralNames names = GeneralNames.fromExtensions(certificate.getExtensions(),
                    Extension.subjectAlternativeName);
            entries = names == null ? new GeneralName[0] : names.getNames();
            matches = entries.length == 1 && matches(entries[0], target);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.of("the certificate's subjectAltName extension cannot be parsed");
        }
        if (matches) {
            return Optional.empty();
        }
        return Optional.of("the certificate's subjectAltName must hold exactly " + target.value() + ", but it holds "
                + (entries.length == 0 ? "nothing" : describe(entries)));
    }

    private static boolean matches(GeneralName name, Target target) {
        if (target.ip().isPresent()) {
            if (name.getTagNo() != GeneralName.iPAddress) {
                return false;
            }
            byte[] bytes = ASN1OctetString.getInstance(name.getName()).getOctets();
            return MessageDigest.isEqual(bytes, target.ip().get().getAddress());
        }
        return name.getTagNo() == GeneralName.dNSName
                && name.getName().toString().toLowerCase(Locale.ROOT).equals(target.value());
    }

    private static String describe(GeneralName[] entries) {
        List<String> shown = new ArrayList<>();
        for (GeneralName entry : entries) {
            if (shown.size() == 3) {
                shown.add("and " + (entries.length - 3) + " more");
                break;
            }
            shown.add(switch (entry.getTagNo()) {
                case GeneralName.dNSName -> Excerpts.quoted(entry.getName().toString());
                case GeneralName.iPAddress -> ipText(ASN1OctetString.getInstance(entry.getName()).getOctets());
                default -> "a name of another kind";
            });
        }
        return String.join(", ", shown);
    }

    private static String ipText(byte[] bytes) {
        try {
            return Hosts.text(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return "an invalid IP address";
        }
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
