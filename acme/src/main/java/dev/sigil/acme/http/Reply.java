package dev.sigil.acme.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A response being built: handlers set status, body and resource headers (Location, Link rel="up"); the front end
 * adds what every response carries (Replay-Nonce, Link rel="index") and turns it into an {@link AcmeHttpResponse}.
 */
public final class Reply {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String PEM_CHAIN = "application/pem-certificate-chain";

    private int status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    private Reply(int status) {
        this.status = status;
    }

    public static Reply status(int status) {
        return new Reply(status);
    }

    public static Reply ok() {
        return new Reply(200);
    }

    /** 201 Created with the new resource's Location (RFC 8555 §7.3, §7.4). */
    public static Reply created(String location) {
        return new Reply(201).location(location);
    }

    public Reply json(JsonNode node) {
        return body(JSON, AcmeJson.bytes(node));
    }

    public Reply body(String contentType, byte[] bytes) {
        headers.remove("Content-Type");
        header("Content-Type", contentType);
        this.body = bytes;
        return this;
    }

    public Reply text(String contentType, String text) {
        return body(contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public Reply location(String url) {
        headers.remove("Location");
        return header("Location", url);
    }

    /** Adds a {@code Link: <url>;rel="relation"} value (RFC 8288). */
    public Reply link(String url, String relation) {
        return header("Link", "<" + url + ">;rel=\"" + relation + "\"");
    }

    public Reply header(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    public Reply withStatus(int newStatus) {
        this.status = newStatus;
        return this;
    }

    public int status() {
        return status;
    }

    public AcmeHttpResponse toResponse() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new AcmeHttpResponse(status, copy, body);
    }
}
