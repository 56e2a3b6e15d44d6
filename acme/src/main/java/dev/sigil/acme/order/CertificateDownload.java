package dev.sigil.acme.order;

import dev.sigil.acme.account.SignedRequest;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.http.ServiceUnavailable;
import dev.sigil.acme.port.CaRefusal;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.port.IssuedChain;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code cert/{id}} (RFC 8555 §7.4.2): the certificate of a valid order (the id is the order's), by POST-as-GET
 * of the owning account, as {@code application/pem-certificate-chain}: the leaf, then the chain up to (excluding)
 * the root, with {@code Link: <issuer certificate>;rel="up"} where the CA publishes one.
 */
public final class CertificateDownload {

    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64,
            "\n".getBytes(StandardCharsets.US_ASCII));

    private final CertificateAuthorityPort ca;
    private final Ownership ownership;

    public CertificateDownload(AcmeStore store, CertificateAuthorityPort ca) {
        this.ca = ca;
        this.ownership = new Ownership(store);
    }

    public Reply handle(SignedRequest request, String orderId) {
        OrderResource.requirePostAsGet(request);
        AcmeOrder order = ownership.order(orderId, request.requireAccount());
        if (order.status() != AcmeStatus.Order.VALID || order.certificateSerial().isEmpty()
                || order.certificateIssuerId().isEmpty()) {
            throw Ownership.notFound("certificate");
        }
        IssuedChain chain;
        try {
            chain = ca.chain(order.certificateIssuerId().get(), order.certificateSerial().get());
        } catch (CaRefusal refusal) {
            if (refusal.reason() == CaRefusal.Reason.UNAVAILABLE) {
                throw new ServiceUnavailable("the CA is unavailable");
            }
            throw Ownership.notFound("certificate");
        }
        StringBuilder pem = new StringBuilder();
        pem(pem, chain.certificateDer());
        chain.chainDer().forEach(der -> pem(pem, der));
        Reply reply = Reply.ok().text(Reply.PEM_CHAIN, pem.toString());
        ca.issuerCertificateUrl(chain.issuerId()).ifPresent(url -> reply.link(url.toString(), "up"));
        return reply;
    }

    static void pem(StringBuilder out, byte[] der) {
        out.append("-----BEGIN CERTIFICATE-----\n").append(PEM_BASE64.encodeToString(der))
                .append("\n-----END CERTIFICATE-----\n");
    }
}
