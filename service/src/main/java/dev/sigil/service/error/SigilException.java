package dev.sigil.service.error;

import java.util.Objects;

/**
 * Sigil's one typed error. {@link #getMessage()} is the client-facing detail for every kind except
 * {@link ErrorKind#INTERNAL}, whose detail is replaced at the edge; so a detail must never contain
 * key material, tokens or passphrases.
 */
public final class SigilException extends RuntimeException {

    private final ErrorKind kind;

    public SigilException(ErrorKind kind, String detail) {
        super(detail);
        this.kind = Objects.requireNonNull(kind);
    }

    public SigilException(ErrorKind kind, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = Objects.requireNonNull(kind);
    }

    public ErrorKind kind() {
        return kind;
    }

    public static SigilException malformed(String detail) {
        return new SigilException(ErrorKind.MALFORMED, detail);
    }

    public static SigilException badCsr(String detail) {
        return new SigilException(ErrorKind.BAD_CSR, detail);
    }

    public static SigilException policy(String detail) {
        return new SigilException(ErrorKind.POLICY, detail);
    }

    public static SigilException notFound(String detail) {
        return new SigilException(ErrorKind.NOT_FOUND, detail);
    }

    public static SigilException conflict(String detail) {
        return new SigilException(ErrorKind.CONFLICT, detail);
    }
}
