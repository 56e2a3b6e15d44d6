package dev.sigil.acme.order;

import dev.sigil.acme.identifier.Identifiers;
import dev.sigil.acme.identifier.IpAddresses;
import dev.sigil.acme.jws.AccountKey;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import java.security.PublicKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The finalize CSR (RFC 8555 §7.4): a PKCS#10 DER whose signature verifies, whose names (subject CN and SAN
 * dNSName / iPAddress entries) are exactly the order's identifiers, and whose key is not the account key. Key type
 * and size are the CA's policy (it refuses with badCSR at issuance). Every refusal is badCSR with a detail naming
 * what is wrong.
 */
final class CsrCheck {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private CsrCheck() {
    }

    static void check(byte[] der, List<AcmeIdentifier> orderIdentifiers, AccountKey accountKey) {
        PKCS10CertificationRequest csr;
        PublicKey key;
        try {
            csr = new PKCS10CertificationRequest(der);
            key = new JcaPKCS10CertificationRequest(csr).setProvider(BC).getPublicKey();
        } catch (Exception e) {
            throw badCsr("CSR is not a valid PKCS#10 request with a supported public key");
        }
        boolean signed;
        try {
            signed = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC)
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            signed = false;
        }
        if (!signed) {
            throw badCsr("CSR signature is invalid");
        }
        if (accountKey.sameKeyAs(key)) {
            throw badCsr("CSR must not use the account key as the certificate's key");
        }
        Set<AcmeIdentifier> requested = names(csr);
        Set<AcmeIdentifier> ordered = new LinkedHashSet<>(orderIdentifiers);
        Set<AcmeIdentifier> extra = requested.stream().filter(i -> !ordered.contains(i))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<AcmeIdentifier> missing = ordered.stream().filter(i -> !requested.contains(i))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!extra.isEmpty()) {
            throw badCsr("CSR names identifiers the order does not: " + describe(extra));
        }
        if (!missing.isEmpty()) {
            throw badCsr("CSR lacks identifiers of the order: " + describe(missing));
        }
    }

    private static Set<AcmeIdentifier> names(PKCS10CertificationRequest csr) {
        Set<AcmeIdentifier> names = new LinkedHashSet<>();
        for (RDN rdn : csr.getSubject().getRDNs(BCStyle.CN)) {
            String cn = IETFUtils.valueToString(rdn.getFirst().getValue());
            Optional<byte[]> ip = IpAddresses.parse(cn);
            names.add(ip.isPresent() ? new AcmeIdentifier(Identifiers.IP, IpAddresses.text(ip.get()))
                    : new AcmeIdentifier(Identifiers.DNS, dnsName(cn)));
        }
        Extensions extensions = csr.getRequestedExtensions();
        GeneralNames sans = extensions == null ? null
                : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        if (sans != null) {
            for (GeneralName name : sans.getNames()) {
                switch (name.getTagNo()) {
                    case GeneralName.dNSName -> names.add(new AcmeIdentifier(Identifiers.DNS,
                            dnsName(name.getName().toString())));
                    case GeneralName.iPAddress -> {
                        byte[] octets = ASN1OctetString.getInstance(name.getName()).getOctets();
                        if (octets.length != 4 && octets.length != 16) {
                            throw badCsr("CSR has an iPAddress name that is not an IPv4 or IPv6 address");
                        }
                        names.add(new AcmeIdentifier(Identifiers.IP, IpAddresses.text(octets)));
                    }
                    default -> throw badCsr("CSR may only name DNS names and IP addresses");
                }
            }
        }
        if (names.isEmpty()) {
            throw badCsr("CSR names no identifier");
        }
        return names;
    }

    private static String dnsName(String value) {
        try {
            return Identifiers.dnsName(value);
        } catch (AcmeProblem p) {
            throw badCsr("CSR has an invalid DNS name: " + p.detail());
        }
    }

    private static String describe(Set<AcmeIdentifier> identifiers) {
        return identifiers.stream().map(Identifiers::portForm).collect(Collectors.joining(", "));
    }

    static AcmeProblem badCsr(String detail) {
        return new AcmeProblem(ProblemType.BAD_CSR, detail);
    }
}
