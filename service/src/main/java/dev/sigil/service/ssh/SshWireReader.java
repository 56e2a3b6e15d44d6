package dev.sigil.service.ssh;

import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads the SSH wire types of RFC 4251 §5 from untrusted bytes. Every read checks the remaining length first, so a
 * truncated or lying blob fails with {@link SshWireException} instead of an index error or a huge allocation.
 */
final class SshWireReader {

    /** Thrown for truncated or malformed wire data; callers turn it into a client-facing message. */
    static final class SshWireException extends Exception {
        SshWireException(String message) {
            super(message);
        }
    }

    private final byte[] data;
    private int pos;

    SshWireReader(byte[] data) {
        this.data = data;
    }

    int remaining() {
        return data.length - pos;
    }

    boolean hasRemaining() {
        return pos < data.length;
    }

    int readByte() throws SshWireException {
        need(1, "byte");
        return data[pos++] & 0xFF;
    }

    long readUint32() throws SshWireException {
        need(4, "uint32");
        long v = ByteBuffer.wrap(data, pos, 4).getInt() & 0xFFFFFFFFL;
        pos += 4;
        return v;
    }

    long readUint64() throws SshWireException {
        need(8, "uint64");
        long v = ByteBuffer.wrap(data, pos, 8).getLong();
        pos += 8;
        return v;
    }

    byte[] readString() throws SshWireException {
        long len = readUint32();
        if (len > remaining()) {
            throw new SshWireException("string of " + len + " bytes but only " + remaining() + " remain");
        }
        byte[] s = Arrays.copyOfRange(data, pos, pos + (int) len);
        pos += (int) len;
        return s;
    }

    /** A string that must be valid UTF-8. */
    String readUtf8() throws SshWireException {
        byte[] s = readString();
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(s)).toString();
        } catch (CharacterCodingException e) {
            throw new SshWireException("string is not valid UTF-8");
        }
    }

    BigInteger readMpint() throws SshWireException {
        byte[] s = readString();
        return s.length == 0 ? BigInteger.ZERO : new BigInteger(s);
    }

    private void need(int n, String what) throws SshWireException {
        if (remaining() < n) {
            throw new SshWireException("truncated: " + what + " needs " + n + " bytes, " + remaining() + " remain");
        }
    }
}
