package dev.sigil.service.managed;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.issuance.IssuanceService;
import dev.sigil.service.ca.issuance.IssueRequest;
import dev.sigil.service.ca.issuance.IssuedCertificate;
import dev.sigil.service.ca.keys.KeyCustodyException;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.profile.IpRange;
import dev.sigil.service.ca.profile.NamePolicy;
import dev.sigil.service.ca.profile.Profile;
import dev.sigil.service.ca.x509.IpAddresses;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateRepository;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.certificate.SanType;
import dev.sigil.storage.managed.ManagedSpec;
import dev.sigil.storage.managed.ManagedVersion;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Issues and opens the versions of managed certificates. A version starts with a fresh key pair; Sigil signs a
 * PKCS#10 request with it and sends that through {@link IssuanceService} like any client's request, so the profile's
 * policy applies (a refusal is a {@link SigilException} naming the rule) and the certificate is in the inventory
 * before anything else sees it. The key is encrypted by {@link ManagedKeys} before the certificate is issued, so a
 * locked key store costs no certificate.
 */
public final class ManagedIssuer {

    /** Label of managed certificates in the inventory, followed by the managed certificate's name. */
    public static final String LABEL_PREFIX = "managed:";

    /** A version ready to be stored, and its inventory record. */
    public record Issued(ManagedVersion version, CertificateRecord certificate) {
    }

    private final IssuanceService issuance;
    private final IssuerRegistry issuers;
    private final CertificateRepository certificates;
    private final ManagedKeys keys;
    private final Clock clock;

    public ManagedIssuer(IssuanceService issuance, IssuerRegistry issuers, CertificateRepository certificates,
                         ManagedKeys keys, Clock clock) {
        this.issuance = issuance;
        this.issuers = issuers;
        this.certificates = certificates;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Generates a key, issues and records a certificate for {@code spec}, and encrypts the key for {@code version}.
     *
     * @throws SigilException policy (the profile refuses), malformed (unknown key type), unavailable (database)
     */
    public Issued issue(ManagedSpec spec, int version, String actor) {
        KeyType type = keyType(spec.keyType());
        KeyPair pair = type.generate();
        byte[] encrypted = keys.encrypt(spec.name(), version, pair.getPrivate());
        byte[] csr = csr(spec, pair, type);
        IssuedCertificate issued;
        if (ManagedService.HTTPS_PROFILE.equals(spec.profile())) {
            Instant now = clock.instant();
            issued = issuance.issue(csr, httpsProfile(spec), Optional.empty(), Optional.of(now.plus(spec.lifetime())),
                    spec.owner(), actor);
        } else {
            issued = issuance.issue(new IssueRequest(Pem.encode("CERTIFICATE REQUEST", csr), spec.profile(),
                    Optional.of(spec.lifetime()), spec.owner(), Optional.of(LABEL_PREFIX + spec.name())), actor);
        }
        CertificateRecord r = issued.record();
        return new Issued(ManagedVersion.fresh(spec.name(), version, r.issuerId(), r.serial(), r.notAfter(), encrypted,
                clock.instant()), r);
    }

    /**
     * The certificate, chain and decrypted key of a stored version.
     *
     * @throws SigilException internal if the certificate, its issuer or the key cannot be read
     */
    public Credential open(ManagedVersion v) {
        CertificateRecord record = certificates.find(v.issuerId(), v.serial()).orElseThrow(() -> new SigilException(
                ErrorKind.INTERNAL, "certificate " + v.issuerId() + "/" + v.serial() + " of " + v + " is not in the inventory"));
        List<java.security.cert.X509Certificate> chain = issuers.find(v.issuerId()).map(SigningIssuer::chainToRoot)
                .orElseThrow(() -> new SigilException(ErrorKind.INTERNAL, "issuer " + v.issuerId() + " is not loaded"));
        PrivateKey key;
        try {
            key = keys.decrypt(v.name(), v.version(), v.encryptedKey(), KeyType.parse(record.keyType()));
        } catch (KeyCustodyException e) {
            throw new SigilException(ErrorKind.INTERNAL, e.getMessage(), e);
        }
        return new Credential(v.name(), v.version(), Pem.parseCertificate(record.der()), chain, key);
    }

    static KeyType keyType(String text) {
        try {
            return KeyType.parse(text);
        } catch (IllegalArgumentException e) {
            throw SigilException.malformed(e.getMessage());
        }
    }

    /**
     * Sigil's own HTTPS certificate names the operator's configuration, not a client's request: its profile allows
     * exactly the spec's names and lifetime, and only the managed certificate {@code sigil-https} may use it.
     */
    static Profile httpsProfile(ManagedSpec spec) {
        if (!ManagedService.HTTPS_NAME.equals(spec.name())) {
            throw SigilException.policy("profile " + ManagedService.HTTPS_PROFILE + " is reserved for Sigil's own HTTPS "
                    + "certificate (" + ManagedService.HTTPS_NAME + ")");
        }
        List<String> dns = spec.sans().stream().filter(s -> s.type() == SanType.DNS).map(San::value).toList();
        List<IpRange> ips = spec.sans().stream().filter(s -> s.type() == SanType.IP).map(s -> IpRange.parse(s.value())).toList();
        return new Profile(ManagedService.HTTPS_PROFILE, spec.lifetime(), spec.lifetime(), EnumSet.allOf(KeyType.class),
                new NamePolicy(dns, List.of(), ips, List.of()), List.of(KeyPurposeId.id_kp_serverAuth), true);
    }

    /** A PKCS#10 request signed with the new key: CN is the spec's common name, else its first SAN. */
    private static byte[] csr(ManagedSpec spec, KeyPair pair, KeyType type) {
        String cn = spec.commonName().orElseGet(() -> spec.sans().getFirst().value());
        var builder = new JcaPKCS10CertificationRequestBuilder(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, cn).build(), pair.getPublic());
        try {
            if (!spec.sans().isEmpty()) {
                GeneralName[] names = spec.sans().stream().map(ManagedIssuer::generalName).toArray(GeneralName[]::new);
                ExtensionsGenerator ext = new ExtensionsGenerator();
                ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
            }
            return builder.build(new JcaContentSignerBuilder(type.signatureAlgorithm()).setProvider(type.provider())
                    .build(pair.getPrivate())).getEncoded();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build the request for " + spec.name() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static GeneralName generalName(San san) {
        return switch (san.type()) {
            case DNS -> new GeneralName(GeneralName.dNSName, new DERIA5String(san.value()));
            case IP -> new GeneralName(GeneralName.iPAddress, new DEROctetString(
                    IpAddresses.parseLiteral(san.value()).getAddress()));
            default -> throw SigilException.policy("SAN type " + san.type() + " is not supported in managed certificates");
        };
    }
}
