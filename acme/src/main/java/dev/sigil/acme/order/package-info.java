/**
 * Orders, authorizations and challenges (RFC 8555 §7.4, §7.5): newOrder, status derivation, challenge answers with
 * background validation, finalize and certificate download.
 */
package dev.sigil.acme.order;
