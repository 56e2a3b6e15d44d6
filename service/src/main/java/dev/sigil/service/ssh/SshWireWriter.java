package dev.sigil.service.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends the SSH wire types of RFC 4251 §5 (byte, uint32, uint64, string, mpint) to a growable buffer. Hand-written:
 * the JDK has no SSH encoder, and MINA's buffer classes would bring the SSH transport in for five methods.
 */
final class SshWireWriter {

    private byte[] buf;
    private int len;

    SshWireWriter() {
        this(256);
    }

    SshWireWriter(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    SshWireWriter putByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    SshWireWriter putUint32(long v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    /** A uint64; Java's {@code long} is read as unsigned. */
    SshWireWriter putUint64(long v) {
        putUint32(v >>> 32);
        putUint32(v & 0xFFFFFFFFL);
        return this;
    }

    SshWireWriter putString(byte[] data) {
        putUint32(data.length);
        return putRaw(data);
    }

    SshWireWriter putString(String utf8) {
        return putString(utf8.getBytes(StandardCharsets.UTF_8));
    }

    SshWireWriter putString(SshWireWriter nested) {
        putUint32(nested.len);
        ensure(nested.len);
        System.arraycopy(nested.buf, 0, buf, len, nested.len);
        len += nested.len;
        return this;
    }

    /** An mpint: minimal two's complement, big-endian; {@link BigInteger#toByteArray()} is exactly that. */
    SshWireWriter putMpint(BigInteger v) {
        return putString(v.signum() == 0 ? new byte[0] : v.toByteArray());
    }

    SshWireWriter putRaw(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, buf, len, data.length);
        len += data.length;
        return this;
    }

    int size() {
        return len;
    }

    void reset() {
        len = 0;
    }

    /** Overwrites the whole buffer with zeros and empties it: for writers that held private key material. */
    void wipe() {
        Arrays.fill(buf, (byte) 0);
        len = 0;
    }

    void writeTo(OutputStream target) throws IOException {
        target.write(buf, 0, len);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + extra, buf.length * 2));
        }
    }
}
