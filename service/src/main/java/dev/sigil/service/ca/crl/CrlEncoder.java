package dev.sigil.service.ca.crl;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.operator.ContentSigner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

/**
 * Encodes and signs an X.509 v2 CRL (RFC 5280 §5.1) whose entries arrive one at a time.
 *
 * <p>Hand-written DER, on purpose: Bouncy Castle's {@code X509v2CRLBuilder} keeps every entry as a tree of
 * ASN.1 objects until {@code build}, several hundred bytes each, so a million entries need far more heap than the
 * 40 MB the CRL itself takes, and building those objects (and formatting their times) costs more than the rest of
 * CRL generation together. Here each entry goes straight into one byte buffer as DER; the outer SEQUENCE headers,
 * whose lengths are known only at the end, are written last. The header fields and CRL extensions are still
 * encoded by Bouncy Castle, and CrlEncoderTest compares the whole TBSCertList with Bouncy Castle's own encoding.
 */
public final class CrlEncoder {

    private static final ASN1Integer V2 = new ASN1Integer(1);
    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
    private static final long UTC_TIME_LIMIT = Instant.parse("2050-01-01T00:00:00Z").getEpochSecond();
    /** The DER of each reasonCode entry extension (index = code; 0 and 7 unused). */
    private static final byte[][] REASON_EXTENSIONS = new byte[11][];
    /** The DER of an invalidityDate extension up to the 15 characters of its GeneralizedTime. */
    private static final byte[] INVALIDITY_PREFIX;

    static {
        try {
            for (int code = 1; code <= 10; code++) {
                if (code != 7) {
                    REASON_EXTENSIONS[code] = new Extension(Extension.reasonCode, false,
                            CRLReason.lookup(code).getEncoded(ASN1Encoding.DER)).getEncoded(ASN1Encoding.DER);
                }
            }
            byte[] sample = new Extension(Extension.invalidityDate, false,
                    new ASN1GeneralizedTime("20260101000000Z").getEncoded(ASN1Encoding.DER)).getEncoded(ASN1Encoding.DER);
            INVALIDITY_PREFIX = Arrays.copyOf(sample, sample.length - 15);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[] scratch = new byte[256];

    private final ByteArrayOutputStream entries;
    private long count;

    /** @param expectedEntries a size hint, so the buffer grows once rather than by doubling */
    public CrlEncoder(long expectedEntries) {
        this.entries = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, Math.max(64, expectedEntries * 48)));
    }

    /**
     * Adds a revoked certificate.
     *
     * @param reasonCode     RFC 5280 CRLReason; 0 (unspecified) is omitted as §5.3.1 recommends
     * @param invalidityDate when the key is known or suspected to have been compromised, or null
     */
    public void add(BigInteger serial, Instant revokedAt, int reasonCode, Instant invalidityDate) {
        // Encoded by hand into a scratch buffer: this runs a million times per CRL, and Bouncy Castle's objects
        // (and its SimpleDateFormat-based time encoding) cost several times more. CrlEncoderTest checks the
        // result byte for byte against Bouncy Castle's X509v2CRLBuilder.
        byte[] serialBytes = serial.toByteArray();
        int extensions = (reasonCode != 0 ? REASON_EXTENSIONS[reasonCode].length : 0)
                + (invalidityDate != null ? INVALIDITY_PREFIX.length + 15 : 0);
        int body = 2 + serialBytes.length + timeLength(revokedAt) + (extensions > 0 ? headerLength(extensions) + extensions : 0);
        int at = 0;
        at = putHeader(scratch, at, 0x30, body);
        at = putHeader(scratch, at, 0x02, serialBytes.length);
        System.arraycopy(serialBytes, 0, scratch, at, serialBytes.length);
        at += serialBytes.length;
        at = putTime(scratch, at, revokedAt);
        if (extensions > 0) {
            at = putHeader(scratch, at, 0x30, extensions);
            if (reasonCode != 0) {
                byte[] reason = REASON_EXTENSIONS[reasonCode];
                System.arraycopy(reason, 0, scratch, at, reason.length);
                at += reason.length;
            }
            if (invalidityDate != null) {
                System.arraycopy(INVALIDITY_PREFIX, 0, scratch, at, INVALIDITY_PREFIX.length);
                at = putDigits(scratch, at + INVALIDITY_PREFIX.length, invalidityDate, true);
            }
        }
        entries.write(scratch, 0, at);
        count++;
    }

    public long count() {
        return count;
    }

    /** Signs the CRL: TBSCertList with the entries added so far, then the signature. */
    public byte[] sign(X500Name issuer, Instant thisUpdate, Instant nextUpdate, List<Extension> crlExtensions,
                       ContentSigner signer) {
        try {
            ASN1Encodable algorithm = signer.getAlgorithmIdentifier();
            byte[] head = concat(V2.getEncoded(ASN1Encoding.DER), algorithm.toASN1Primitive().getEncoded(ASN1Encoding.DER),
                    issuer.getEncoded(ASN1Encoding.DER), new Time(Date.from(thisUpdate)).getEncoded(ASN1Encoding.DER),
                    new Time(Date.from(nextUpdate)).getEncoded(ASN1Encoding.DER));
            // RFC 5280 §5.1.2.6: when there are no revoked certificates, the list is absent (not empty).
            byte[] entriesHeader = count == 0 ? new byte[0] : header(0x30, entries.size());
            byte[] tail = new DERTaggedObject(true, 0, new Extensions(crlExtensions.toArray(Extension[]::new)))
                    .getEncoded(ASN1Encoding.DER);
            long tbsLength = (long) head.length + entriesHeader.length + (count == 0 ? 0 : entries.size()) + tail.length;
            byte[] tbsHeader = header(0x30, tbsLength);

            try (OutputStream s = signer.getOutputStream()) {
                s.write(tbsHeader);
                s.write(head);
                s.write(entriesHeader);
                if (count > 0) {
                    entries.writeTo(s);
                }
                s.write(tail);
            }
            byte[] signature = new DERBitString(signer.getSignature()).getEncoded(ASN1Encoding.DER);
            byte[] algorithmDer = algorithm.toASN1Primitive().getEncoded(ASN1Encoding.DER);
            long total = tbsHeader.length + tbsLength + algorithmDer.length + signature.length;
            byte[] outer = header(0x30, total);
            if (outer.length + total > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("CRL too large for one array; shard it");
            }
            ExactArray out = new ExactArray((int) (outer.length + total));
            out.write(outer);
            out.write(tbsHeader);
            out.write(head);
            out.write(entriesHeader);
            if (count > 0) {
                entries.writeTo(out);
            }
            out.write(tail);
            out.write(algorithmDer);
            out.write(signature);
            return out.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int timeLength(Instant t) {
        return t.getEpochSecond() < UTC_TIME_LIMIT ? 15 : 17;
    }

    /** UTCTime or GeneralizedTime, whole seconds, Zulu. */
    private static int putTime(byte[] b, int at, Instant t) {
        boolean generalized = t.getEpochSecond() >= UTC_TIME_LIMIT;
        b[at] = (byte) (generalized ? 0x18 : 0x17);
        b[at + 1] = (byte) (generalized ? 15 : 13);
        return putDigits(b, at + 2, t, generalized);
    }

    /** YYMMDDHHMMSSZ, or YYYYMMDDHHMMSSZ when {@code fullYear}. */
    private static int putDigits(byte[] b, int at, Instant t, boolean fullYear) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        if (d.getYear() < 1950 || d.getYear() > 9999) {
            throw new IllegalArgumentException("time out of the encodable range: " + t);
        }
        if (fullYear) {
            at = two(b, at, d.getYear() / 100);
        }
        at = two(b, at, d.getYear() % 100);
        at = two(b, at, d.getMonthValue());
        at = two(b, at, d.getDayOfMonth());
        at = two(b, at, d.getHour());
        at = two(b, at, d.getMinute());
        at = two(b, at, d.getSecond());
        b[at] = 'Z';
        return at + 1;
    }

    private static int two(byte[] b, int at, int v) {
        b[at] = (byte) ('0' + v / 10);
        b[at + 1] = (byte) ('0' + v % 10);
        return at + 2;
    }

    private static int headerLength(int length) {
        return length < 0x80 ? 2 : length < 0x100 ? 3 : 4;
    }

    private static int putHeader(byte[] b, int at, int tag, int length) {
        byte[] h = header(tag, length);
        System.arraycopy(h, 0, b, at, h.length);
        return at + h.length;
    }

    /** A DER tag and definite length (X.690 §8.1.3). */
    static byte[] header(int tag, long length) {
        if (length < 0x80) {
            return new byte[]{(byte) tag, (byte) length};
        }
        int octets = (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
        byte[] h = new byte[2 + octets];
        h[0] = (byte) tag;
        h[1] = (byte) (0x80 | octets);
        for (int i = 0; i < octets; i++) {
            h[2 + i] = (byte) (length >>> (8 * (octets - 1 - i)));
        }
        return h;
    }

    /** Writes into an array of the known final size: no growth, no copy at the end (a 40 MB CRL stays one copy). */
    private static final class ExactArray extends OutputStream {
        private final byte[] array;
        private int position;

        ExactArray(int size) {
            this.array = new byte[size];
        }

        @Override
        public void write(int b) {
            array[position++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, array, position, len);
            position += len;
        }

        byte[] array() {
            if (position != array.length) {
                throw new IllegalStateException("CRL length miscomputed: " + position + " of " + array.length);
            }
            return array;
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
