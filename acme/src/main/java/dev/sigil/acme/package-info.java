/**
 * Sigil's RFC 8555 ACME front end. For now it holds the port through which it will reach the CA
 * ({@link dev.sigil.acme.port.CertificateAuthorityPort}); the protocol itself (JWS, nonces, accounts, orders,
 * validators) arrives with the ACME issue.
 */
package dev.sigil.acme;
