package dev.sigil.service.api;

import dev.sigil.service.config.Durations;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.certificate.CertificateQuery;
import dev.sigil.storage.certificate.CertificateSort;
import dev.sigil.storage.certificate.CertificateStatus;
import io.helidon.webserver.http.ServerRequest;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the query parameters of {@code GET /api/v1/certificates} (docs/API.md) into a {@link CertificateQuery},
 * refusing each bad value with a {@code malformed} problem that names the parameter.
 */
final class CertificateQueries {

    private CertificateQueries() {
    }

    static CertificateQuery parse(ServerRequest req, Instant now) {
        Optional<CertificateStatus> status = param(req, "status").map(s -> {
            try {
                return CertificateStatus.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw SigilException.malformed("status must be valid, revoked or expired");
            }
        });
        Optional<Instant> expiringBefore = param(req, "expiringWithin").map(d -> {
            try {
                return now.plus(Durations.parse(d));
            } catch (IllegalArgumentException e) {
                throw SigilException.malformed("expiringWithin: " + e.getMessage());
            }
        });
        Optional<String> san = param(req, "san").map(s -> s.toLowerCase(Locale.ROOT));
        if (san.map(String::length).orElse(0) > CertificateQuery.MAX_SAN_FILTER) {
            throw SigilException.malformed("san must be at most " + CertificateQuery.MAX_SAN_FILTER + " characters");
        }
        Optional<Instant> issuedAfter = param(req, "issuedAfter").map(t -> CertificatesApi.instant("issuedAfter", t));
        Optional<Instant> issuedBefore = param(req, "issuedBefore").map(t -> CertificatesApi.instant("issuedBefore", t));
        if (issuedAfter.isPresent() && issuedBefore.isPresent() && !issuedAfter.get().isBefore(issuedBefore.get())) {
            throw SigilException.malformed("issuedAfter must be before issuedBefore");
        }
        CertificateSort sort = param(req, "sort").map(CertificateQueries::sort).orElse(CertificateSort.ISSUED);
        boolean descending = param(req, "order").map(CertificateQueries::descending).orElse(true);
        int limit = param(req, "limit").map(l -> {
            try {
                int n = Integer.parseInt(l);
                if (n < 1 || n > CertificateQuery.MAX_LIMIT) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw SigilException.malformed("limit must be 1.." + CertificateQuery.MAX_LIMIT);
            }
        }).orElse(CertificateQuery.DEFAULT_LIMIT);
        return new CertificateQuery(now, status, expiringBefore, san, param(req, "owner"), param(req, "profile"),
                param(req, "issuer"), param(req, "acmeAccount"), issuedAfter, issuedBefore, sort, descending, limit,
                param(req, "cursor"));
    }

    private static CertificateSort sort(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "issued" -> CertificateSort.ISSUED;
            case "expiry" -> CertificateSort.EXPIRY;
            case "serial" -> CertificateSort.SERIAL;
            default -> throw SigilException.malformed("sort must be issued, expiry or serial");
        };
    }

    private static boolean descending(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "desc" -> true;
            case "asc" -> false;
            default -> throw SigilException.malformed("order must be asc or desc");
        };
    }

    private static Optional<String> param(ServerRequest req, String name) {
        return CertificatesApi.param(req, name);
    }
}
