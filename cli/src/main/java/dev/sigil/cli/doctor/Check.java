package dev.sigil.cli.doctor;

import java.util.Objects;

/**
 * One line of {@code sigil doctor}: {@code ok|warn|FAIL  what  detail}.
 *
 * @param status the verdict
 * @param what   what was checked, one or two words ({@code DNS}, {@code TLS}, {@code CA int-3f9a1c2b})
 * @param detail what was found, and for a failure how to fix it
 */
public record Check(Status status, String what, String detail) {

    /** The verdict of a check. */
    public enum Status {
        OK("ok"), WARN("warn"), FAIL("FAIL");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** {@code ok}, {@code warn} or {@code FAIL} (upper case so that it stands out). */
        public String label() {
            return label;
        }
    }

    public Check {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(detail, "detail");
    }

    static Check ok(String what, String detail) {
        return new Check(Status.OK, what, detail);
    }

    static Check warn(String what, String detail) {
        return new Check(Status.WARN, what, detail);
    }

    static Check fail(String what, String detail) {
        return new Check(Status.FAIL, what, detail);
    }
}
