package dev.sigil.service.ca.crl;

import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.ca.x509.CertExtensions;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.storage.issuer.IssuerKind;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** The CRL extensions (RFC 5280 §5.2) of an issuer's full and delta CRLs. */
final class CrlExtensions {

    private final CaUrls urls;

    CrlExtensions(CaUrls urls) {
        this.urls = urls;
    }

    /** A full CRL; with {@code freshest}, pointing relying parties at the delta URL (Freshest CRL, §5.2.6). */
    List<Extension> full(SigningIssuer issuer, long number, boolean freshest) {
        List<Extension> all = common(issuer, number);
        if (freshest) {
            all.add(extension(Extension.freshestCRL, false,
                    () -> CertExtensions.crlDistributionPoint(urls.deltaCrl(issuer.id())).getEncoded()));
        }
        return all;
    }

    /**
     * A delta CRL of the full CRL numbered {@code base}: the critical Delta CRL Indicator (§5.2.4) carries it, and
     * the IDP is the full CRL's own, byte for byte: a delta applies only to a complete CRL of the same scope (OpenSSL
     * compares the two extensions before it uses a delta).
     */
    List<Extension> delta(SigningIssuer issuer, long number, long base) {
        List<Extension> all = common(issuer, number);
        all.add(extension(Extension.deltaCRLIndicator, true, () -> new CRLNumber(BigInteger.valueOf(base)).getEncoded()));
        return all;
    }

    private List<Extension> common(SigningIssuer issuer, long number) {
        // IDP (RFC 5280 §5.2.5, critical): names the CDP URL of the full CRL, and the scope: the root's CRL covers
        // the intermediates it signed, an intermediate's the end-entity certificates.
        boolean root = issuer.record().kind() == IssuerKind.ROOT;
        IssuingDistributionPoint idp = new IssuingDistributionPoint(
                new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                        new DERIA5String(urls.crl(issuer.id()))))),
                !root, root, null, false, false);
        List<Extension> all = new ArrayList<>();
        all.add(extension(Extension.authorityKeyIdentifier, false, () -> issuer.authorityKeyIdForChildren().getEncoded()));
        all.add(extension(Extension.cRLNumber, false, () -> new CRLNumber(BigInteger.valueOf(number)).getEncoded()));
        all.add(extension(Extension.issuingDistributionPoint, true, idp::getEncoded));
        return all;
    }

    private static Extension extension(ASN1ObjectIdentifier oid, boolean critical, Encoder value) {
        try {
            return new Extension(oid, critical, value.encode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Encoder {
        byte[] encode() throws IOException;
    }
}
