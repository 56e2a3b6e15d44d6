/**
 * ACME identifiers (RFC 8555 §9.7.7, RFC 8738): syntax and canonical forms of DNS names and IP addresses.
 */
package dev.sigil.acme.identifier;
