/**
 * revokeCert (RFC 8555 §7.6) by the issuing account, an account with authorizations for every name, or the
 * certificate's key.
 */
package dev.sigil.acme.revocation;
