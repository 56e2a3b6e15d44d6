package dev.sigil.storage.jpa;

/**
 * Column sizes of {@code V1__baseline.sql}. The ledger checks values against them before writing, so that a
 * value that does not fit fails its own call with a clear {@link IllegalArgumentException} instead of
 * failing a whole group-committed batch inside the database (and MariaDB and H2 would word it differently).
 */
final class ColumnLimits {

    static final int ISSUER_ID = 40;
    static final int NAME = 255;
    static final int SUBJECT_DN = 1024;
    static final int KEY_TYPE = 32;
    static final int KEY_REF = 1024;
    static final int OWNER = 255;
    static final int LABEL = 255;
    static final int PROFILE = 64;
    static final int ACTOR = 255;
    static final int TOKEN_ID = 64;
    static final int ROLE = 16;
    /** tokens.scope: a managed certificate's name. */
    static final int SCOPE = 64;
    static final int AUDIT_ACTION = 64;
    static final int AUDIT_TARGET = 255;
    static final int AUDIT_OUTCOME = 16;
    /** MEDIUMBLOB holds at most 2^24 - 1 bytes. */
    static final int DER_BYTES = (1 << 24) - 1;

    private ColumnLimits() {
    }

    /** Throws if {@code value} has more than {@code max} characters; the message names the field, never the value. */
    static void check(String field, String value, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
    }

    static void checkBytes(String field, byte[] value, int max) {
        if (value.length > max) {
            throw new IllegalArgumentException(field + " is larger than " + max + " bytes");
        }
    }
}
