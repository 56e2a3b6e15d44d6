package dev.sigil.service.ca.keys;

/** How a key reference names a key in a PKCS#11 token: {@code pkcs11:<alias>} (the token's CKA_LABEL/CKA_ID). */
public final class Pkcs11Reference {

    public static final String PREFIX = "pkcs11:";

    private Pkcs11Reference() {
    }

    public static String of(String alias) {
        return PREFIX + alias;
    }

    /** The alias of a reference, or empty if it is not a PKCS#11 reference. */
    public static java.util.Optional<String> alias(String reference) {
        return reference.startsWith(PREFIX) && reference.length() > PREFIX.length()
                ? java.util.Optional.of(reference.substring(PREFIX.length())) : java.util.Optional.empty();
    }
}
