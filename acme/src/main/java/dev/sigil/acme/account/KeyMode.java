package dev.sigil.acme.account;

/** Which key a request must be signed with (RFC 8555 §6.2). */
public enum KeyMode {
    /** A key given as "jwk": newAccount. */
    JWK,
    /** An existing account, named by "kid": every other request. */
    KID,
    /** Either: revokeCert (by an account, or by the certificate's own key). */
    EITHER
}
