package dev.sigil.cli.cert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiException;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.http.TransportException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fetches the PEMs of listed certificates ({@code GET /certificates/{serial}?issuer=}: the list omits them), a few
 * at a time, and returns them in the listing's order.
 */
final class PemDownloads {

    /** Most concurrent requests a command may make: enough to hide latency, few enough to spare the server. */
    static final int MAX_PARALLEL = 16;

    private final SigilClient client;
    private final int parallel;

    PemDownloads(SigilClient client, int parallel) {
        this.client = client;
        this.parallel = parallel;
    }

    /** The certificate PEM of each listed certificate, each ending in a newline. */
    List<String> certificates(List<JsonNode> listed) throws Exception {
        if (listed.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, listed.size()));
        try {
            List<Future<String>> pending = new ArrayList<>();
            for (JsonNode c : listed) {
                pending.add(pool.submit(() -> fetch(c)));
            }
            List<String> pems = new ArrayList<>();
            for (Future<String> f : pending) {
                pems.add(f.get());
            }
            return pems;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
        }
    }

    private String fetch(JsonNode listed) throws ApiException, TransportException, CliException {
        String serial = ApiJson.textOrEmpty(listed, "serial");
        JsonNode full = client.get("/certificates/" + Query.encode(serial),
                Query.empty().with("issuer", ApiJson.text(listed, "issuer")));
        return CertificateView.certificatePem(full).orElseThrow(() -> new CliException(
                "the server's answer for " + serial + " has no certificatePem", ExitCodes.FAILURE));
    }
}
