/**
 * Challenge validation (RFC 8555 §8.3 http-01, §8.4 dns-01, RFC 8737 tls-alpn-01, RFC 8738 for IP identifiers).
 * {@link dev.sigil.acme.validation.ChallengeValidators} is the entry point: it runs each attempt on a virtual thread,
 * at most {@code maxConcurrent} at once, each bounded by {@code timeout}, and turns every outcome into a
 * {@link dev.sigil.acme.validation.ValidationResult}; it never throws.
 *
 * <p>Where validation goes is decided here, never by the JDK's resolver: names are resolved with dnsjava through the
 * configured server (or the system's), and sockets are dialed to the address chosen (IPv6 first, IPv4 as fallback
 * on a failed dial, like Boulder). That is what lets tests and labs run on loopback with a mock DNS server.
 *
 * <p>Failures are problems of RFC 8555 §6.7 with details written for the client (they name the URL, the record or
 * the address, quote what was received in printable form, and never carry a stack trace):
 * <ul>
 *   <li>{@code dns}: NXDOMAIN, no A/AAAA or TXT record, a timeout or SERVFAIL;</li>
 *   <li>{@code connection}: refused, unreachable, timed out, reset, not HTTP, or a redirect not followed (scheme,
 *       port, IP literal for a DNS identifier, 303, more than 10, a loop);</li>
 *   <li>{@code tls}: a failed TLS handshake;</li>
 *   <li>{@code unauthorized}: an HTTP status other than 200, or tls-alpn-01 without the acme-tls/1 protocol;</li>
 *   <li>{@code incorrectResponse}: the peer answered, but not with the key authorization (body, TXT values,
 *       certificate SAN or acmeIdentifier digest);</li>
 *   <li>{@code malformed}: what cannot be validated at all (a wildcard with http-01 or tls-alpn-01, an IP with dns-01,
 *       a token that is not base64url, an invalid name);</li>
 *   <li>{@code serverInternal}: a fault of Sigil's own, or validation stopped by shutdown.</li>
 * </ul>
 *
 * <p>Unlike Boulder, addresses in private and loopback ranges are not refused: Sigil is a private CA whose clients
 * live on internal networks. Which identifiers a directory accepts is the protocol layer's policy, not this
 * package's.
 */
package dev.sigil.acme.validation;
