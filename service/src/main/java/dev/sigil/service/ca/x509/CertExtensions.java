package dev.sigil.service.ca.x509;

import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509ExtensionUtils;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

import java.security.cert.X509Certificate;

/** The extensions every Sigil certificate shares: key identifiers, CRL distribution point, AIA (caIssuers, OCSP). */
public final class CertExtensions {

    private CertExtensions() {
    }

    /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
    public static SubjectKeyIdentifier subjectKeyId(SubjectPublicKeyInfo spki) {
        return utils().createSubjectKeyIdentifier(spki);
    }

    /** The issuer's SKI as our AKI (so chains build even across re-keyed issuers with the same name). */
    public static AuthorityKeyIdentifier authorityKeyId(X509Certificate issuer) {
        byte[] ski = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ski != null) {
            byte[] octets = org.bouncycastle.asn1.ASN1OctetString.getInstance(
                    org.bouncycastle.asn1.ASN1OctetString.getInstance(ski).getOctets()).getOctets();
            return new AuthorityKeyIdentifier(octets);
        }
        return utils().createAuthorityKeyIdentifier(SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded()));
    }

    public static CRLDistPoint crlDistributionPoint(String url) {
        GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url));
        return new CRLDistPoint(new DistributionPoint[]{
                new DistributionPoint(new DistributionPointName(names), null, null)});
    }

    public static AuthorityInformationAccess caIssuers(String url) {
        return new AuthorityInformationAccess(new AccessDescription(AccessDescription.id_ad_caIssuers,
                new GeneralName(GeneralName.uniformResourceIdentifier, url)));
    }

    /** AIA with both access methods: where the issuer's certificate is, and where to ask OCSP (RFC 5280 §4.2.2.1). */
    public static AuthorityInformationAccess caIssuersAndOcsp(String caIssuersUrl, String ocspUrl) {
        return new AuthorityInformationAccess(new AccessDescription[]{
                new AccessDescription(AccessDescription.id_ad_caIssuers,
                        new GeneralName(GeneralName.uniformResourceIdentifier, caIssuersUrl)),
                new AccessDescription(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl))});
    }

    private static X509ExtensionUtils utils() {
        try {
            DigestCalculator sha1 = new BcDigestCalculatorProvider().get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1));
            return new X509ExtensionUtils(sha1);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("SHA-1 digest unavailable", e);
        }
    }
}
