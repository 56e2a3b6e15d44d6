package dev.sigil.acme.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.http.AcmeHttpResponse;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import static dev.sigil.acme.testing.AcmeTestClient.json;

/** Multi-step flows tests build on (each step asserted, so a broken step fails where it breaks). */
public final class Flows {

    private Flows() {
    }

    /** An order and its URL. */
    public record Order(String url, JsonNode json) {
    }

    /** Creates an order and solves every authorization with http-01; returns it (ready). */
    public static Order readyOrder(AcmeTestClient client, String... identifiers) throws Exception {
        AcmeHttpResponse created = client.newOrder(identifiers);
        expect(created, 201);
        String url = created.header("Location").orElseThrow();
        for (JsonNode authzUrl : json(created).get("authorizations")) {
            JsonNode authz = json(client.postAsGet(authzUrl.asText()));
            if (authz.get("status").asText().equals("pending")) {
                client.solveHttp01(authz);
            }
        }
        JsonNode order = json(client.postAsGet(url));
        if (!order.get("status").asText().equals("ready")) {
            throw new AssertionError("order did not become ready: " + order);
        }
        return new Order(url, order);
    }

    /** A certificate for {@code identifiers} with a CSR key of its own. */
    public static X509Certificate certificate(AcmeTestClient client, String... identifiers) throws Exception {
        return certificate(client, Csrs.p256(), identifiers);
    }

    public static X509Certificate certificate(AcmeTestClient client, KeyPair certificateKey, String... identifiers)
            throws Exception {
        Order order = readyOrder(client, identifiers);
        AcmeHttpResponse finalized = client.finalizeOrder(order.json(),
                Csrs.csr(certificateKey, null, Arrays.asList(identifiers)));
        expect(finalized, 200);
        AcmeHttpResponse download = client.postAsGet(json(finalized).get("certificate").asText());
        expect(download, 200);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(download.body()));
    }

    public static void expect(AcmeHttpResponse response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response.status() + ": "
                    + response.bodyText());
        }
    }
}
