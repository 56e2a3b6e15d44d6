package dev.sigil.cli.cert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.http.ApiException;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.http.TransportException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pages through {@code GET /certificates}, following {@code nextCursor} as far as asked. */
final class CertificatePages {

    /** The largest page the API serves. */
    static final int MAX_PAGE_SIZE = 1000;

    /**
     * What was fetched.
     *
     * @param items      at most the number asked for, in the server's order
     * @param nextCursor present when more match than were fetched
     */
    record Listing(List<JsonNode> items, Optional<String> nextCursor) {
    }

    private CertificatePages() {
    }

    /** Fetches up to {@code want} certificates matching {@code filters} (which must not hold limit or cursor). */
    static Listing fetch(SigilClient client, Query filters, long want) throws ApiException, TransportException {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            long page = Math.min(want - items.size(), MAX_PAGE_SIZE);
            JsonNode answer = client.get("/certificates", filters.with("limit", page).with("cursor", cursor));
            List<JsonNode> got = ApiJson.items(answer);
            for (JsonNode c : got) {
                if (items.size() < want) {
                    items.add(c);
                }
            }
            cursor = ApiJson.text(answer, "nextCursor").orElse(null);
            if (got.isEmpty()) {
                break; // a cursor with an empty page would loop forever
            }
        } while (cursor != null && items.size() < want);
        return new Listing(items, Optional.ofNullable(cursor));
    }

    /**
     * A count of matching certificates.
     *
     * @param counted  how many were counted
     * @param complete false when counting stopped at the cap: at least {@code counted} match
     */
    record Count(long counted, boolean complete) {
        @Override
        public String toString() {
            return counted + (complete ? "" : "+");
        }
    }

    /**
     * How many certificates match {@code filters}, counted page by page (the API has no count), stopping after
     * {@code maxPages} pages so that a count never costs more than a bounded number of requests.
     */
    static Count count(SigilClient client, Query filters, int maxPages) throws ApiException, TransportException {
        long n = 0;
        String cursor = null;
        for (int pages = 0; pages < maxPages; pages++) {
            JsonNode answer = client.get("/certificates", filters.with("limit", MAX_PAGE_SIZE).with("cursor", cursor));
            int got = ApiJson.items(answer).size();
            n += got;
            cursor = ApiJson.text(answer, "nextCursor").orElse(null);
            if (got == 0 || cursor == null) {
                return new Count(n, true);
            }
        }
        return new Count(n, false);
    }
}
