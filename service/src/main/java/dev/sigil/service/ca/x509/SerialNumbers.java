package dev.sigil.service.ca.x509;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Certificate serials: 128 random bits, positive and non-zero (CA/B Forum asks for at least 64 bits of entropy). */
public final class SerialNumbers {

    static final int SERIAL_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SerialNumbers() {
    }

    public static BigInteger next() {
        byte[] b = new byte[SERIAL_BYTES];
        BigInteger serial;
        do {
            RANDOM.nextBytes(b);
            serial = new BigInteger(1, b);
        } while (serial.signum() == 0);
        return serial;
    }

    /** The inventory's form: lower-case hex, no leading zeros. */
    public static String hex(BigInteger serial) {
        return serial.toString(16);
    }

    /** Parses the inventory form (also accepts upper case and colons, as openssl prints them). */
    public static BigInteger parse(String hex) {
        String clean = hex.replace(":", "").trim();
        if (!clean.matches("[0-9a-fA-F]{1,40}")) {
            throw new IllegalArgumentException("serial must be 1-40 hex digits");
        }
        return new BigInteger(clean, 16);
    }

    /** Normalises a serial the user typed into the inventory form. */
    public static String normalize(String hex) {
        return hex(parse(hex));
    }
}
