package dev.sigil.cli.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The caIssuers URLs of a certificate's Authority Information Access extension (RFC 5280 §4.2.2.1): where the
 * certificate of its issuer is published. The JDK exposes the extension only as DER bytes and the CLI carries no
 * ASN.1 library (Bouncy Castle would double its size for these few bytes), so the four nested structures are read
 * here by hand.
 */
final class AuthorityInfoAccess {

    private static final String AIA_OID = "1.3.6.1.5.5.7.1.1";
    /** id-ad-caIssuers, 1.3.6.1.5.5.7.48.2, as DER content bytes. */
    private static final byte[] CA_ISSUERS = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};
    private static final int OCTET_STRING = 0x04;
    private static final int SEQUENCE = 0x30;
    private static final int OID = 0x06;
    /** GeneralName uniformResourceIdentifier: [6] IMPLICIT IA5String. */
    private static final int URI_NAME = 0x86;

    private AuthorityInfoAccess() {
    }

    /** The caIssuers URLs, in order; empty without the extension or when it does not parse. */
    static List<URI> caIssuers(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(AIA_OID);
        List<URI> out = new ArrayList<>();
        if (ext == null) {
            return out;
        }
        try {
            Tlv wrapper = Tlv.read(ext, 0, ext.length);
            wrapper.expect(OCTET_STRING);
            Tlv descriptions = Tlv.read(ext, wrapper.start(), wrapper.end());
            descriptions.expect(SEQUENCE);
            for (int p = descriptions.start(); p < descriptions.end(); ) {
                Tlv description = Tlv.read(ext, p, descriptions.end());
                description.expect(SEQUENCE);
                Tlv method = Tlv.read(ext, description.start(), description.end());
                method.expect(OID);
                Tlv location = Tlv.read(ext, method.end(), description.end());
                if (method.contentEquals(ext, CA_ISSUERS) && location.tag() == URI_NAME) {
                    String text = new String(ext, location.start(), location.length(), StandardCharsets.US_ASCII);
                    try {
                        out.add(new URI(text));
                    } catch (URISyntaxException e) {
                        // not a URL we could fetch; try the next one
                    }
                }
                p = description.end();
            }
        } catch (IllegalArgumentException e) {
            return out; // malformed: as if absent
        }
        return out;
    }

    /** One DER tag-length-value: the tag, and where its content starts and ends in the buffer. */
    private record Tlv(int tag, int start, int end) {

        static Tlv read(byte[] b, int at, int limit) {
            if (at + 2 > limit) {
                throw new IllegalArgumentException("truncated");
            }
            int tag = b[at] & 0xff;
            int len = b[at + 1] & 0xff;
            int p = at + 2;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 3 || p + n > limit) {
                    throw new IllegalArgumentException("bad length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (b[p++] & 0xff);
                }
            }
            if (p + len > limit) {
                throw new IllegalArgumentException("truncated");
            }
            return new Tlv(tag, p, p + len);
        }

        int length() {
            return end - start;
        }

        void expect(int wanted) {
            if (tag != wanted) {
                throw new IllegalArgumentException("unexpected tag " + tag);
            }
        }

        boolean contentEquals(byte[] b, byte[] wanted) {
            if (length() != wanted.length) {
                return false;
            }
            for (int i = 0; i < wanted.length; i++) {
                if (b[start + i] != wanted[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
