package dev.sigil.acme.certificate;

import dev.sigil.acme.identifier.Identifiers;
import dev.sigil.acme.identifier.IpAddresses;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.storage.acme.AcmeIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the front end reads from a certificate (revokeCert, renewal information, {@code replaces}): serial, Authority
 * Key Identifier, validity, identifiers (SAN dNSName and iPAddress, and a subject CN) and public key. Parsed with
 * Bouncy Castle; a byte string that is not a certificate is {@code malformed}.
 */
public record CertificateFacts(BigInteger serial, Optional<byte[]> authorityKeyId, Instant notBefore, Instant notAfter,
                               List<AcmeIdentifier> identifiers, SubjectPublicKeyInfo publicKeyInfo) {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    public static CertificateFacts parse(byte[] der) {
        X509CertificateHolder cert;
        try {
            cert = new X509CertificateHolder(der);
        } catch (IOException | RuntimeException e) {
            throw AcmeProblem.malformed("\"certificate\" is not a DER X.509 certificate");
        }
        try {
            Optional<byte[]> aki = Optional.ofNullable(AuthorityKeyIdentifier.fromExtensions(cert.getExtensions()))
                    .map(AuthorityKeyIdentifier::getKeyIdentifierObject).map(ASN1OctetString::getOctets);
            return new CertificateFacts(cert.getSerialNumber(), aki, cert.getNotBefore().toInstant(),
                    cert.getNotAfter().toInstant(), identifiers(cert), cert.getSubjectPublicKeyInfo());
        } catch (RuntimeException e) {
            // Bouncy Castle parses extensions lazily: a certificate whose outer structure is sound can still carry
            // an AKI or SAN extension that does not decode (IllegalArgumentException). Found by the fuzz suite.
            throw AcmeProblem.malformed("\"certificate\" has an extension that is not valid DER");
        }
    }

    /** Lower-case hex without leading zeros, as the inventory writes serials. */
    public String serialHex() {
        return serial.toString(16);
    }

    /** The certificate's public key as a JCA key, if Bouncy Castle can convert it. */
    public Optional<PublicKey> publicKey() {
        try {
            return Optional.of(new JcaPEMKeyConverter().setProvider(BC).getPublicKey(publicKeyInfo));
        } catch (PEMException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<AcmeIdentifier> identifiers(X509CertificateHolder cert) {
        List<AcmeIdentifier> out = new ArrayList<>();
        GeneralNames sans = GeneralNames.fromExtensions(cert.getExtensions(), Extension.subjectAlternativeName);
        if (sans != null) {
            for (GeneralName name : sans.getNames()) {
                switch (name.getTagNo()) {
                    case GeneralName.dNSName -> add(out, Identifiers.DNS, name.getName().toString());
                    case GeneralName.iPAddress -> {
                        byte[] octets = ASN1OctetString.getInstance(name.getName()).getOctets();
                        if (octets.length == 4 || octets.length == 16) {
                            add(out, Identifiers.IP, IpAddresses.text(octets));
                        }
                    }
                    default -> { } // other name types are not ACME identifiers
                }
            }
        }
        for (RDN rdn : cert.getSubject().getRDNs(BCStyle.CN)) {
            String cn = IETFUtils.valueToString(rdn.getFirst().getValue());
            Optional<byte[]> ip = IpAddresses.parse(cn);
            add(out, ip.isPresent() ? Identifiers.IP : Identifiers.DNS, ip.map(IpAddresses::text).orElse(cn));
        }
        return List.copyOf(out);
    }

    private static void add(List<AcmeIdentifier> out, String type, String value) {
        AcmeIdentifier id = new AcmeIdentifier(type, type.equals(Identifiers.DNS)
                ? value.toLowerCase(java.util.Locale.ROOT) : value);
        if (!out.contains(id)) {
            out.add(id);
        }
    }
}
