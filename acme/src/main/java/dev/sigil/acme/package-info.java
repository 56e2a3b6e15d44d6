/**
 * Sigil's ACME server (RFC 8555, with RFC 8737 tls-alpn-01, RFC 8738 IP identifiers and RFC 9773 renewal
 * information). {@link dev.sigil.acme.AcmeFrontEnd} is the HTTP edge the service's web server adapts to;
 * {@link dev.sigil.acme.AcmeSettings} holds what the service's configuration maps into. The CA is reached only
 * through {@link dev.sigil.acme.port.CertificateAuthorityPort}; state lives in
 * {@link dev.sigil.storage.acme.AcmeStore}, shared by every node.
 *
 * <p>Feature packages: {@code http} (request/response shapes, problem documents), {@code directory} (directory
 * settings, URLs, ids), {@code nonce}, {@code account} (JWS authentication, newAccount, EAB, update,
 * deactivation, keyChange), {@code order} (orders, authorizations, challenges, finalize, download),
 * {@code revocation}, {@code ari}, {@code ratelimit}, {@code identifier}, {@code certificate}, plus {@code jws}
 * and {@code validation}.
 */
package dev.sigil.acme;
