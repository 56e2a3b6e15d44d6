/**
 * Anti-replay nonces (RFC 8555 §6.5), stored in the shared database and handed out in batches.
 */
package dev.sigil.acme.nonce;
