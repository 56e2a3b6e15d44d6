package dev.sigil.acme;

import dev.sigil.acme.directory.AcmeUrls;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An ACME resource a request path names (everything after {@code /acme/{name}}), with the id it carries and the
 * HTTP methods it answers. Paths are matched exactly: no trailing slashes, no extra segments.
 *
 * @param resource what is addressed
 * @param id       the resource id (account, order, authorization, challenge, certificate) or certificate ID
 * @param cursor   for the orders list: the page cursor
 */
record Route(Resource resource, String id, Optional<String> cursor) {

    /** Page cursors are the store's, base64url. */
    private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    /** The resources of RFC 8555 §7.1 and RFC 9773. */
    enum Resource {
        DIRECTORY(Set.of("GET", "HEAD")),
        NEW_NONCE(Set.of("GET", "HEAD")),
        RENEWAL_INFO(Set.of("GET", "HEAD")),
        NEW_ACCOUNT, NEW_ORDER, REVOKE_CERT, KEY_CHANGE, ACCOUNT, ORDERS, ORDER, FINALIZE, AUTHORIZATION, CHALLENGE,
        CERTIFICATE;

        private final Set<String> methods;

        Resource() {
            this(Set.of("POST"));
        }

        Resource(Set<String> methods) {
            this.methods = methods;
        }

        Set<String> methods() {
            return methods;
        }

        /** The Allow header value (RFC 9110 §10.2.1). */
        String allow() {
            return methods.contains("POST") ? "POST" : "GET, HEAD";
        }
    }

    static Optional<Route> parse(String path) {
        return switch (path) {
            case AcmeUrls.DIRECTORY -> of(Resource.DIRECTORY);
            case AcmeUrls.NEW_NONCE -> of(Resource.NEW_NONCE);
            case AcmeUrls.NEW_ACCOUNT -> of(Resource.NEW_ACCOUNT);
            case AcmeUrls.NEW_ORDER -> of(Resource.NEW_ORDER);
            case AcmeUrls.REVOKE_CERT -> of(Resource.REVOKE_CERT);
            case AcmeUrls.KEY_CHANGE -> of(Resource.KEY_CHANGE);
            default -> withId(path);
        };
    }

    private static Optional<Route> withId(String path) {
        String[] parts = path.split("/", -1);
        // "/x/id" splits into ["", "x", "id"]
        if (parts.length < 3 || !parts[0].isEmpty()) {
            return Optional.empty();
        }
        String kind = parts[1];
        String id = parts[2];
        if (kind.equals("renewal-info")) {
            return parts.length == 3 && !id.isEmpty() ? Optional.of(new Route(Resource.RENEWAL_INFO, id,
                    Optional.empty())) : Optional.empty();
        }
        if (!AcmeUrls.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        if (parts.length == 3) {
            return switch (kind) {
                case "account" -> of(Resource.ACCOUNT, id);
                case "order" -> of(Resource.ORDER, id);
                case "authz" -> of(Resource.AUTHORIZATION, id);
                case "chall" -> of(Resource.CHALLENGE, id);
                case "cert" -> of(Resource.CERTIFICATE, id);
                default -> Optional.empty();
            };
        }
        if (kind.equals("order") && parts.length == 4 && parts[3].equals("finalize")) {
            return of(Resource.FINALIZE, id);
        }
        if (kind.equals("account") && parts[3].equals("orders")) {
            if (parts.length == 4) {
                return of(Resource.ORDERS, id);
            }
            if (parts.length == 5 && CURSOR.matcher(parts[4]).matches()) {
                return Optional.of(new Route(Resource.ORDERS, id, Optional.of(parts[4])));
            }
        }
        return Optional.empty();
    }

    private static Optional<Route> of(Resource resource) {
        return of(resource, "");
    }

    private static Optional<Route> of(Resource resource, String id) {
        return Optional.of(new Route(resource, id, Optional.empty()));
    }
}
