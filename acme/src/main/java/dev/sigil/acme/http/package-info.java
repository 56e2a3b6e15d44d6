/**
 * The ACME front end's HTTP shapes ({@link dev.sigil.acme.http.AcmeHttpRequest}, {@link
 * dev.sigil.acme.http.AcmeHttpResponse}), response building and the one place problems become RFC 7807 documents.
 */
package dev.sigil.acme.http;
