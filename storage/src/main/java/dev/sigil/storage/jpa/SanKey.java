package dev.sigil.storage.jpa;

import java.io.Serializable;

/** Primary key of certificate_sans: the certificate plus the SAN's position in it. */
record SanKey(String issuerId, String serial, int position) implements Serializable {
}
