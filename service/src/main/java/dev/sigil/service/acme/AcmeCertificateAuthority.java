package dev.sigil.service.acme;

import dev.sigil.acme.port.CaRefusal;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.port.IdentifierRefusal;
import dev.sigil.acme.port.IssuanceOrder;
import dev.sigil.acme.port.IssuedChain;
import dev.sigil.acme.port.KnownCertificate;
import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.issuance.IssuanceService;
import dev.sigil.service.ca.issuance.IssuedCertificate;
import dev.sigil.service.ca.revocation.RevocationReason;
import dev.sigil.service.ca.revocation.RevocationService;
import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.ca.x509.IpAddresses;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateRepository;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.San;
import org.bouncycastle.asn1.x509.Certificate;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CA side of the ACME port: issues through {@link IssuanceService} under the directory's effective profile
 * (the port's {@code profile} is the directory name), revokes through {@link RevocationService}, and answers
 * lookups from the inventory. Certificates issued here record {@code acme:ACCOUNT} as their requester and
 * {@code acme/DIRECTORY} as their owner.
 */
public final class AcmeCertificateAuthority implements CertificateAuthorityPort {

    static final String REQUESTER_PREFIX = "acme:";

    private final Map<String, AcmeDirectoryConfig> directories;
    private final IssuanceService issuance;
    private final RevocationService revocation;
    private final CertificateRepository certificates;
    private final IssuerRegistry issuers;
    private final CaUrls urls;

    public AcmeCertificateAuthority(Map<String, AcmeDirectoryConfig> directories, IssuanceService issuance,
                                    RevocationService revocation, CertificateRepository certificates,
                                    IssuerRegistry issuers, CaUrls urls) {
        this.directories = directories;
        this.issuance = issuance;
        this.revocation = revocation;
        this.certificates = certificates;
        this.issuers = issuers;
        this.urls = urls;
    }

    @Override
    public IssuedChain issue(IssuanceOrder order) {
        AcmeDirectoryConfig dir = directory(order.profile());
        try {
            IssuedCertificate issued = issuance.issue(order.csrDer(), dir.profile(), order.notBefore(), order.notAfter(),
                    Optional.of("acme/" + dir.name()), REQUESTER_PREFIX + order.accountId());
            return new IssuedChain(issued.record().issuerId(), issued.record().serial(), issued.record().der(),
                    issued.chain());
        } catch (SigilException e) {
            throw switch (e.kind()) {
                case BAD_CSR, POLICY, MALFORMED -> new CaRefusal(CaRefusal.Reason.BAD_CSR, e.getMessage());
                case UNAVAILABLE -> new CaRefusal(CaRefusal.Reason.UNAVAILABLE, e.getMessage());
                default -> e;
            };
        }
    }

    @Override
    public void revoke(String issuerId, String serial, int reasonCode, String actor) {
        try {
            revocation.revoke(serial, Optional.of(issuerId), RevocationReason.ofCode(reasonCode), Optional.empty(), actor);
        } catch (SigilException e) {
            throw switch (e.kind()) {
                case CONFLICT -> new CaRefusal(CaRefusal.Reason.ALREADY_REVOKED, e.getMessage());
                case NOT_FOUND -> new CaRefusal(CaRefusal.Reason.NOT_FOUND, e.getMessage());
                case UNAVAILABLE -> new CaRefusal(CaRefusal.Reason.UNAVAILABLE, e.getMessage());
                default -> e;
            };
        } catch (IllegalArgumentException e) { // a reason code RFC 5280 does not define
            throw new CaRefusal(CaRefusal.Reason.BAD_CSR, "unknown revocation reason " + reasonCode);
        }
    }

    @Override
    public List<IdentifierRefusal> checkIdentifiers(String profile, List<String> identifiers) {
        AcmeDirectoryConfig dir = directory(profile);
        List<IdentifierRefusal> out = new ArrayList<>();
        for (String id : identifiers) {
            Optional<String> refusal;
            if (id.startsWith("dns:")) {
                refusal = dir.profile().names().refusal(San.dns(id.substring(4)));
            } else if (id.startsWith("ip:")) {
                String ip = id.substring(3);
                refusal = IpAddresses.isLiteral(ip) ? dir.profile().names().refusal(San.ip(ip))
                        : Optional.of("'" + ip + "' is not an IP address");
            } else {
                refusal = Optional.of("unsupported identifier type");
            }
            refusal.ifPresent(r -> out.add(new IdentifierRefusal(id, r)));
        }
        return out;
    }

    @Override
    public IssuedChain chain(String issuerId, String serial) {
        CertificateRecord cert = certificates.find(issuerId, serial)
                .orElseThrow(() -> new CaRefusal(CaRefusal.Reason.NOT_FOUND, "no such certificate"));
        SigningIssuer issuer = issuers.find(issuerId)
                .orElseThrow(() -> new CaRefusal(CaRefusal.Reason.NOT_FOUND, "no such issuer"));
        return new IssuedChain(issuerId, serial, cert.der(), IssuanceService.chainFor(issuer));
    }

    @Override
    public Optional<KnownCertificate> find(byte[] certificateDer) {
        String serial;
        try {
            serial = Certificate.getInstance(certificateDer).getSerialNumber().getValue().toString(16);
        } catch (RuntimeException e) { // not a certificate at all
            return Optional.empty();
        }
        return certificates.findBySerial(serial).stream()
                .filter(c -> Arrays.equals(c.der(), certificateDer))
                .findFirst().map(AcmeCertificateAuthority::known);
    }

    @Override
    public Optional<KnownCertificate> find(String authorityKeyIdHex, String serialHex) {
        for (SigningIssuer issuer : issuers.all()) {
            byte[] ski = issuer.authorityKeyIdForChildren().getKeyIdentifierOctets();
            if (ski != null && HexFormat.of().formatHex(ski).equalsIgnoreCase(authorityKeyIdHex)) {
                return certificates.find(issuer.id(), serialHex).map(AcmeCertificateAuthority::known);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<URI> issuerCertificateUrl(String issuerId) {
        return issuers.find(issuerId).map(i -> URI.create(urls.caIssuers(issuerId)));
    }

    private AcmeDirectoryConfig directory(String name) {
        AcmeDirectoryConfig dir = directories.get(name);
        if (dir == null) {
            throw new SigilException(ErrorKind.INTERNAL, "ACME directory " + name + " has no CA configuration");
        }
        return dir;
    }

    private static KnownCertificate known(CertificateRecord c) {
        Optional<String> account = c.requestedBy().startsWith(REQUESTER_PREFIX)
                ? Optional.of(c.requestedBy().substring(REQUESTER_PREFIX.length())) : Optional.empty();
        return new KnownCertificate(c.issuerId(), c.serial(), c.der(), c.status() == CertificateStatus.REVOKED, account);
    }
}
