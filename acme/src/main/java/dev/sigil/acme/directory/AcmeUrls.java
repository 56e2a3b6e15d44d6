package dev.sigil.acme.directory;

import dev.sigil.acme.http.AcmeHttpRequest;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The URLs of one directory's resources (RFC 8555 §7.1), all under {@code {base}/acme/{name}}. The base is the
 * configured public URL, or else taken from the URL the client used, so that the URLs a client is given always
 * match what the server will compare its JWS "url" and "kid" with.
 *
 * @param base          scheme, host and port, without a trailing slash, e.g. {@code https://ca.internal:8443}
 * @param directoryName the directory's name
 */
public record AcmeUrls(String base, String directoryName) {

    public static final String DIRECTORY = "/directory";
    public static final String NEW_NONCE = "/new-nonce";
    public static final String NEW_ACCOUNT = "/new-account";
    public static final String NEW_ORDER = "/new-order";
    public static final String REVOKE_CERT = "/revoke-cert";
    public static final String KEY_CHANGE = "/key-change";
    public static final String RENEWAL_INFO = "/renewal-info";
    public static final String ACCOUNT = "/account/";
    public static final String ORDER = "/order/";
    public static final String AUTHZ = "/authz/";
    public static final String CHALLENGE = "/chall/";
    public static final String CERTIFICATE = "/cert/";
    /** Resource ids are ours ({@link ResourceIds}): URL-safe, bounded. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public AcmeUrls {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(directoryName, "directoryName");
    }

    /** The URLs for a request: under {@code configuredBase} if set, else under the scheme and authority it used. */
    public static AcmeUrls of(Optional<String> configuredBase, AcmeHttpRequest request) {
        String base = configuredBase.map(AcmeUrls::trimSlash).orElseGet(() -> baseOf(request));
        return new AcmeUrls(base, request.directory());
    }

    private static String baseOf(AcmeHttpRequest request) {
        String url = request.requestUrl();
        String tail = "/acme/" + request.directory() + request.path();
        if (url.endsWith(tail)) {
            return url.substring(0, url.length() - tail.length());
        }
        int scheme = url.indexOf("://");
        int pathStart = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        return pathStart < 0 ? trimSlash(url) : url.substring(0, pathStart);
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public String prefix() {
        return base + "/acme/" + directoryName;
    }

    public String directory() {
        return prefix() + DIRECTORY;
    }

    public String newNonce() {
        return prefix() + NEW_NONCE;
    }

    public String newAccount() {
        return prefix() + NEW_ACCOUNT;
    }

    public String newOrder() {
        return prefix() + NEW_ORDER;
    }

    public String revokeCert() {
        return prefix() + REVOKE_CERT;
    }

    public String keyChange() {
        return prefix() + KEY_CHANGE;
    }

    public String renewalInfo() {
        return prefix() + RENEWAL_INFO;
    }

    public String renewalInfo(String certId) {
        return renewalInfo() + "/" + certId;
    }

    public String account(String id) {
        return prefix() + ACCOUNT + id;
    }

    public String orders(String accountId) {
        return account(accountId) + "/orders";
    }

    /** A later page of an account's orders; the cursor is a path segment, so the JWS url needs no query string. */
    public String orders(String accountId, String cursor) {
        return orders(accountId) + "/" + cursor;
    }

    public String order(String id) {
        return prefix() + ORDER + id;
    }

    public String finalizeUrl(String orderId) {
        return order(orderId) + "/finalize";
    }

    public String authorization(String id) {
        return prefix() + AUTHZ + id;
    }

    public String challenge(String id) {
        return prefix() + CHALLENGE + id;
    }

    public String certificate(String id) {
        return prefix() + CERTIFICATE + id;
    }

    /** The account id an account URL ("kid") names, if it is an account URL of this directory under this base. */
    public Optional<String> accountId(String accountUrl) {
        String start = prefix() + ACCOUNT;
        if (!accountUrl.startsWith(start)) {
            return Optional.empty();
        }
        String id = accountUrl.substring(start.length());
        return ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }
}
