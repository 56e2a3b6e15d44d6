package dev.sigil.service.ca.ocsp;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.Req;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An OCSPRequest, checked and taken apart up front so that nothing malformed surfaces later as an exception.
 * A signed request is accepted without checking its signature: Sigil's answers are public, so who asks does not
 * matter (RFC 6960 §4.1.2 makes the signature optional).
 *
 * @param queries the requested certificates, in request order
 * @param nonce   the id-pkix-ocsp-nonce extension to echo (RFC 8954), if sent
 */
record ParsedRequest(List<Query> queries, Optional<Extension> nonce) {

    /** Most certificates asked about in one request; more is answered malformedRequest. */
    static final int MAX_QUERIES = 20;
    /** RFC 8954 §2.1: a nonce is 1 to 32 octets. */
    static final int MAX_NONCE_OCTETS = 32;

    /**
     * One Request of the list.
     *
     * @param id  the CertID as Bouncy Castle reads it
     * @param der the CertID's DER, echoed in the answer
     */
    record Query(CertificateID id, byte[] der) {
        BigInteger serial() {
            return id.getSerialNumber();
        }
    }

    ParsedRequest {
        queries = List.copyOf(queries);
    }

    /** The request, or empty if it is malformed: not DER, no or too many certificates, or a bad nonce. */
    static Optional<ParsedRequest> parse(byte[] der) {
        try {
            OCSPReq req = new OCSPReq(der);
            Req[] list = req.getRequestList();
            if (list.length == 0 || list.length > MAX_QUERIES) {
                return Optional.empty();
            }
            List<Query> queries = new ArrayList<>();
            for (Req r : list) {
                CertificateID id = r.getCertID();
                id.getSerialNumber();
                id.getHashAlgOID();
                queries.add(new Query(id, id.toASN1Primitive().getEncoded(ASN1Encoding.DER)));
            }
            Optional<Extension> nonce = Optional.ofNullable(req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
            if (nonce.isPresent() && !validNonce(nonce.get())) {
                return Optional.empty();
            }
            return Optional.of(new ParsedRequest(queries, nonce.map(n ->
                    new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, n.getExtnValue()))));
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports malformed ASN.1 with IOException or assorted unchecked exceptions.
            return Optional.empty();
        }
    }

    /** RFC 8954: the extension's value is the DER of an OCTET STRING of 1 to 32 octets. */
    private static boolean validNonce(Extension nonce) throws IOException {
        ASN1Primitive value = ASN1Primitive.fromByteArray(nonce.getExtnValue().getOctets());
        if (!(value instanceof ASN1OctetString octets)) {
            return false;
        }
        int length = octets.getOctets().length;
        return length >= 1 && length <= MAX_NONCE_OCTETS;
    }
}
