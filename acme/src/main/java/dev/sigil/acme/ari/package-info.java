/**
 * ACME Renewal Information (RFC 9773): certificate IDs, suggested windows and operator overrides.
 */
package dev.sigil.acme.ari;
