/**
 * The JWS layer of the ACME front end (RFC 8555 §6.2, §7.3.4, §7.3.5): parses flattened JWS requests, parses and
 * fingerprints account keys (RFC 7517 JWK, RFC 7638 thumbprints), verifies signatures and external account bindings.
 *
 * <p>Every client error is an {@link dev.sigil.acme.problem.AcmeProblem} whose detail is safe to show; anything else
 * thrown from here is a bug. Parsing is deliberately strict (duplicate JSON members, padded base64url, unprotected
 * headers, {@code b64}/{@code crit} are all refused) because every leniency in a JWS parser is a place where two
 * implementations can disagree about what was signed.
 */
package dev.sigil.acme.jws;
