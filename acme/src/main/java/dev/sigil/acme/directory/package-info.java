/**
 * ACME directories (RFC 8555 §7.1.1): their settings, the URLs of their resources, and resource ids.
 */
package dev.sigil.acme.directory;
