package dev.sigil.acme.validation;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.List;
import java.util.Optional;

/**
 * tls-alpn-01 (RFC 8737; RFC 8738 §6 for IP identifiers): a TLS 1.2+ handshake to the identifier's address on
 * port 443 offering only the ALPN protocol {@code acme-tls/1}, with SNI the name (or, for an IP, its reverse-mapping
 * name), must negotiate that protocol and present a certificate that {@link AcmeTlsCertificate} accepts.
 */
final class TlsAlpn01Validator implements ChallengeValidator {

    static final String TYPE = "tls-alpn-01";
    static final String ACME_TLS_1 = "acme-tls/1";

    private final NameResolver resolver;
    private final ValidationSettings settings;

    TlsAlpn01Validator(NameResolver resolver, ValidationSettings settings) {
        this.resolver = resolver;
        this.settings = settings;
    }

    @Override
    public void validate(Target target, String token, String keyAuthorization, Deadline deadline) {
        String context = TYPE + ": connecting to " + target.value();
        List<InetAddress> addresses = target.ip().map(List::of)
                .orElseGet(() -> resolver.addresses(TYPE, target.value(), deadline));
        String serverName = target.ip().map(Hosts::reverseName).orElse(target.value());
        Dialer.Connection connection = Dialer.connect(context, addresses, settings.tlsAlpnPort(), deadline);
        SSLSocket tls = null;
        try {
            tls = Dialer.startTls(connection, Optional.of(serverName), List.of(ACME_TLS_1), deadline);
            String protocol = tls.getApplicationProtocol();
            if (!ACME_TLS_1.equals(protocol)) {
                throw new AcmeProblem(ProblemType.UNAUTHORIZED, TYPE + ": the server at "
                        + Hosts.text(connection.remote()) + " did not negotiate the ALPN protocol " + ACME_TLS_1
                        + " for " + target.value());
            }
            Certificate[] chain = tls.getSession().getPeerCertificates();
            Optional<String> wrong = AcmeTlsCertificate.check(chain[0].getEncoded(), target,
                    Dns01Validator.sha256(keyAuthorization));
            if (wrong.isPresent()) {
                throw new AcmeProblem(ProblemType.INCORRECT_RESPONSE, TYPE + ": incorrect validation certificate for "
                        + target.value() + " from " + Hosts.text(connection.remote()) + ": " + wrong.get());
            }
        } catch (SSLException e) {
            throw Dialer.tlsProblem(context, e, connection.remote());
        } catch (CertificateEncodingException e) {
            throw new AcmeProblem(ProblemType.INCORRECT_RESPONSE, TYPE + ": the certificate from "
                    + Hosts.text(connection.remote()) + " cannot be encoded");
        } catch (IOException e) {
            throw Dialer.connectionProblem(context, Dialer.ioFailure(e, deadline), connection.remote());
        } finally {
            Dialer.closeQuietly(tls != null ? tls : connection.socket());
        }
    }
}
