package dev.sigil.cli.ssh;

/**
 * An OpenSSH certificate serial as the API and {@code ssh-keygen -L} write it: an unsigned 64-bit number in decimal.
 * Zero is not a serial Sigil issues (a KRL cannot revoke it).
 *
 * @param value the serial's 64 bits, read as unsigned
 */
record SshSerial(long value) {

    SshSerial {
        if (value == 0) {
            throw new IllegalArgumentException("SSH certificate serials start at 1");
        }
    }

    /** @throws IllegalArgumentException with a message for the user */
    static SshSerial parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.regionMatches(true, 0, "serial:", 0, "serial:".length())) {
            t = t.substring("serial:".length()).trim();
        }
        if (t.matches("[0-9]+")) {
            t = t.replaceFirst("^0+(?=.)", "");
        }
        if (!t.matches("[0-9]{1,20}")) {
            throw new IllegalArgumentException("not an SSH certificate serial: '" + text
                    + "' (expected a decimal number as ssh-keygen -L prints it, 1 to 18446744073709551615)");
        }
        long v;
        try {
            v = Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SSH certificate serial " + text + " is larger than 2^64-1");
        }
        if (v == 0) {
            throw new IllegalArgumentException("SSH certificate serials start at 1, not 0");
        }
        return new SshSerial(v);
    }

    /** The decimal form, without leading zeros. */
    @Override
    public String toString() {
        return Long.toUnsignedString(value);
    }
}
