package dev.sigil.service.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Encodes an OpenSSH KRL (PROTOCOL.krl, format version 1). No maintained Java library writes KRLs, so this is
 * hand-written after OpenSSH's {@code krl.c}: serials are coalesced into runs and each run goes into a serial list,
 * range or bitmap subsection chosen by the same byte-cost model as {@code ssh_krl_to_blob}, so for the same input the
 * sections are byte-for-byte those {@code ssh-keygen -k} writes. Key ids, key blobs and fingerprints are sorted and
 * de-duplicated as OpenSSH's trees order them. Work is O(n log n) in the number of serials. Thread-safe (stateless).
 */
public final class KrlEncoder {

    static final byte[] MAGIC = "SSHKRL\n\0".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;

    static final int SECTION_CERTIFICATES = 1;
    static final int SECTION_EXPLICIT_KEY = 2;
    static final int SECTION_FINGERPRINT_SHA256 = 5;
    static final int CERT_SERIAL_LIST = 0x20;
    static final int CERT_SERIAL_RANGE = 0x21;
    static final int CERT_SERIAL_BITMAP = 0x22;
    static final int CERT_KEY_ID = 0x23;

    /** Cap OpenSSH applies to run lengths and gaps in its cost model, to avoid overflow. */
    private static final long COST_CAP = 1L << 31;

    private KrlEncoder() {
    }

    /** The KRL as bytes. */
    public static byte[] encode(Krl krl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            encode(krl, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the KRL to a stream, one section at a time. */
    public static void encode(Krl krl, OutputStream out) throws IOException {
        SshWireWriter header = new SshWireWriter()
                .putRaw(MAGIC)
                .putUint32(FORMAT_VERSION)
                .putUint64(krl.version())
                .putUint64(krl.generatedAt().getEpochSecond())
                .putUint64(0)                 // flags: none defined
                .putString(new byte[0])       // reserved
                .putString(krl.comment());
        header.writeTo(out);

        for (Merged m : mergeByCa(krl.certificates())) {
            SshWireWriter section = certificateSection(m);
            if (section != null) {
                writeSection(out, SECTION_CERTIFICATES, section);
            }
        }

        TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
        for (SshPublicKey k : krl.revokedKeys()) {
            keys.add(krl.keyForm() == Krl.KeyForm.EXPLICIT_KEY ? k.blobRef() : k.sha256());
        }
        if (!keys.isEmpty()) {
            SshWireWriter section = new SshWireWriter();
            keys.forEach(section::putString);
            writeSection(out, krl.keyForm() == Krl.KeyForm.EXPLICIT_KEY ? SECTION_EXPLICIT_KEY : SECTION_FINGERPRINT_SHA256, section);
        }
    }

    private static void writeSection(OutputStream out, int type, SshWireWriter data) throws IOException {
        SshWireWriter head = new SshWireWriter(8).putByte(type).putUint32(data.size());
        head.writeTo(out);
        data.writeTo(out);
    }

    /** Revocations of one CA (or of any CA), gathered from every entry naming it, in first-seen order. */
    private record Merged(SshPublicKey ca, List<long[]> serials, List<String> keyIds) {
    }

    private static List<Merged> mergeByCa(List<KrlCaRevocations> entries) {
        Map<ByteBuffer, Merged> byCa = new LinkedHashMap<>();
        for (KrlCaRevocations e : entries) {
            ByteBuffer id = ByteBuffer.wrap(e.ca().map(SshPublicKey::blobRef).orElse(new byte[0]));
            Merged m = byCa.computeIfAbsent(id, k -> new Merged(e.ca().orElse(null), new ArrayList<>(), new ArrayList<>()));
            m.serials().add(e.serialsRef());
            m.keyIds().addAll(e.keyIds());
        }
        return new ArrayList<>(byCa.values());
    }

    /** A KRL_SECTION_CERTIFICATES body, or null when this CA revokes nothing. */
    private static SshWireWriter certificateSection(Merged m) {
        long[] serials = sortedUnsigned(m.serials());
        if (serials.length == 0 && m.keyIds().isEmpty()) {
            return null;
        }
        SshWireWriter out = new SshWireWriter(64 + serials.length * 8);
        out.putString(m.ca() == null ? new byte[0] : m.ca().blobRef());
        out.putString(new byte[0]); // reserved
        writeSerials(out, serials);

        TreeSet<byte[]> ids = new TreeSet<>(Arrays::compareUnsigned); // strcmp order
        m.keyIds().forEach(id -> ids.add(id.getBytes(StandardCharsets.UTF_8)));
        if (!ids.isEmpty()) {
            SshWireWriter sub = new SshWireWriter();
            ids.forEach(sub::putString);
            out.putByte(CERT_KEY_ID).putString(sub);
        }
        return out;
    }

    /** All serials in ascending unsigned order (duplicates kept; runs absorb them). */
    private static long[] sortedUnsigned(List<long[]> parts) {
        int n = 0;
        for (long[] p : parts) {
            n += p.length;
        }
        long[] all = new long[n];
        int i = 0;
        for (long[] p : parts) {
            for (long s : p) {
                all[i++] = s ^ Long.MIN_VALUE; // flip the sign bit so signed sort gives unsigned order
            }
        }
        Arrays.sort(all);
        for (i = 0; i < n; i++) {
            all[i] ^= Long.MIN_VALUE;
        }
        return all;
    }

    /**
     * Emits serial subsections as OpenSSH's {@code revoked_certs_generate} does: walk the coalesced runs and, for each,
     * pick list, range or bitmap by estimated size, closing the open subsection when the choice changes.
     */
    private static void writeSerials(SshWireWriter out, long[] sorted) {
        // Coalesce into runs [lo, hi]; adjacent and duplicate serials join.
        long[] lo = new long[sorted.length];
        long[] hi = new long[sorted.length];
        int runs = 0;
        for (long s : sorted) {
            if (runs > 0 && (s == hi[runs - 1] || s == hi[runs - 1] + 1)) {
                hi[runs - 1] = s;
            } else {
                lo[runs] = s;
                hi[runs] = s;
                runs++;
            }
        }

        int state = 0;
        long last = 0;
        long bitmapStart = 0;
        BitSet bitmap = null;
        SshWireWriter sect = new SshWireWriter();
        for (int r = 0; r < runs; r++) {
            boolean last_ = r == runs - 1;
            long gap = last_ ? 0 : lo[r + 1] - hi[r];
            long contig = 1 + (hi[r] - lo[r]);
            Choice c = chooseNextState(state, contig, last_, state == 0 ? 0 : lo[r] - last, gap);

            if (state != 0 && (c.forceNew || c.state != state || state == CERT_SERIAL_RANGE)) {
                if (state == CERT_SERIAL_BITMAP) {
                    putBitmap(sect, bitmap);
                    bitmap = null;
                }
                out.putByte(state).putString(sect);
                sect.reset();
            }
            if (c.state != state || c.forceNew) {
                state = c.state;
                sect.reset();
                if (state == CERT_SERIAL_BITMAP) {
                    bitmap = new BitSet();
                    bitmapStart = lo[r];
                    sect.putUint64(bitmapStart);
                }
            }
            switch (state) {
                case CERT_SERIAL_LIST -> {
                    for (long i = 0; Long.compareUnsigned(i, contig) < 0; i++) {
                        sect.putUint64(lo[r] + i);
                    }
                }
                case CERT_SERIAL_RANGE -> sect.putUint64(lo[r]).putUint64(hi[r]);
                default -> {
                    long from = lo[r] - bitmapStart;
                    long to = from + contig;
                    if (Long.compareUnsigned(to, Integer.MAX_VALUE) > 0) {
                        throw new IllegalStateException("KRL bitmap gap too large"); // the cost model prevents this
                    }
                    bitmap.set((int) from, (int) to);
                }
            }
            last = hi[r];
        }
        if (state != 0) {
            if (state == CERT_SERIAL_BITMAP) {
                putBitmap(sect, bitmap);
            }
            out.putByte(state).putString(sect);
        }
    }

    /** The bitmap as an mpint whose bit N stands for serial offset+N. */
    private static void putBitmap(SshWireWriter sect, BitSet bitmap) {
        byte[] le = bitmap.toByteArray(); // little-endian, last byte non-zero
        boolean prepend = le.length > 0 && (le[le.length - 1] & 0x80) != 0;
        byte[] be = new byte[le.length + (prepend ? 1 : 0)];
        for (int i = 0; i < le.length; i++) {
            be[be.length - 1 - i] = le[i];
        }
        sect.putString(be);
    }

    private record Choice(int state, boolean forceNew) {
    }

    /** OpenSSH's {@code choose_next_state}: estimated cost in bytes of continuing or starting each subsection kind. */
    static Choice chooseNextState(int current, long contig, boolean fin, long lastGap, long nextGap) {
        contig = minUnsigned(contig, COST_CAP);
        lastGap = minUnsigned(lastGap, COST_CAP);
        nextGap = minUnsigned(nextGap, COST_CAP);

        long costList = 0;
        long costBitmap = 0;
        long costBitmapRestart = 0;
        long costRange = 8;
        switch (current) {
            case CERT_SERIAL_LIST -> costBitmapRestart = costBitmap = 8 + 64;
            case CERT_SERIAL_BITMAP -> {
                costList = 8;
                costBitmapRestart = 8 + 64;
            }
            default -> { // range, or nothing yet
                costBitmapRestart = costBitmap = 8 + 64;
                costList = 8;
            }
        }
        costList += 64 * contig + (fin ? 0 : 8 + 64);
        costRange += 2 * 64 + (fin ? 0 : 8 + 64);
        costBitmap += lastGap + contig + (fin ? 0 : Math.min(nextGap, 8 + 64));
        costBitmapRestart += contig + (fin ? 0 : Math.min(nextGap, 8 + 64));

        costList = (costList + 7) / 8;
        costBitmap = (costBitmap + 7) / 8;
        costBitmapRestart = (costBitmapRestart + 7) / 8;
        costRange = (costRange + 7) / 8;

        int state = CERT_SERIAL_BITMAP;
        boolean force = false;
        long cost = costBitmap;
        if (costRange < cost) {
            state = CERT_SERIAL_RANGE;
            cost = costRange;
        }
        if (costList < cost) {
            state = CERT_SERIAL_LIST;
            cost = costList;
        }
        if (costBitmapRestart < cost) {
            state = CERT_SERIAL_BITMAP;
            force = true;
        }
        return new Choice(state, force);
    }

    private static long minUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
