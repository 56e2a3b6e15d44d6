package dev.sigil.acme.validation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one HTTP/1.x response from a stream, refusing anything unbounded: header lines, header count and the body
 * (only the first {@code maxBody} bytes are kept; the result says whether more came). Understands Content-Length,
 * chunked transfer coding and close-delimited bodies, which is all an HTTP/1.1 server may send to a client that
 * asked with {@code Connection: close} and no {@code Accept-Encoding}.
 */
final class HttpResponseReader {

    static final int MAX_LINE_BYTES = 8 * 1024;
    static final int MAX_HEADER_LINES = 100;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([0-9]{3})(?: .*)?");
    private static final int MAX_INTERIM_RESPONSES = 5;
    private static final String CHUNK_EOF = "the response ended inside its chunked body";

    /** A response that is not HTTP/1.x as RFC 9112 describes it. */
    static final class MalformedResponse extends IOException {
        MalformedResponse(String reason) {
            super(reason);
        }
    }

    /**
     * @param status    the status code
     * @param location  the Location header, if any
     * @param body      at most {@code maxBody} bytes of the body
     * @param truncated whether the body was longer than that
     */
    record Response(int status, Optional<String> location, byte[] body, boolean truncated) {
    }

    private final InputStream in;

    private HttpResponseReader(InputStream in) {
        this.in = in;
    }

    /** Reads the status and headers, and the body of a 200 answer only (nothing else's body matters). */
    static Response read(InputStream in, int maxBody) throws IOException {
        return new HttpResponseReader(in).response(maxBody);
    }

    private Response response(int maxBody) throws IOException {
        for (int interim = 0; ; interim++) {
            String statusLine = line("the server closed the connection without a response");
            Matcher m = STATUS_LINE.matcher(statusLine);
            if (!m.matches()) {
                throw new MalformedResponse("the response does not start with an HTTP/1.x status line");
            }
            int status = Integer.parseInt(m.group(1));
            Headers headers = headers();
            if (status >= 100 && status < 200 && status != 101 && interim < MAX_INTERIM_RESPONSES) {
                continue;
            }
            if (status < 200) {
                throw new MalformedResponse("unexpected HTTP status " + status);
            }
            if (status != 200) {
                return new Response(status, headers.location, new byte[0], false);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean truncated = headers.chunked ? chunked(body, maxBody) : plain(body, maxBody, headers.length);
            return new Response(status, headers.location, body.toByteArray(), truncated);
        }
    }

    private static final class Headers {
        Optional<String> location = Optional.empty();
        long length = -1;
        boolean chunked;
    }

    private Headers headers() throws IOException {
        Headers headers = new Headers();
        for (int count = 0; ; count++) {
            String line = line("the response ended before its headers did");
            if (line.isEmpty()) {
                return headers;
            }
            if (count == MAX_HEADER_LINES) {
                throw new MalformedResponse("the response has more than " + MAX_HEADER_LINES + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedResponse("the response has a malformed header line");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "location" -> {
                    if (headers.location.isEmpty()) {
                        headers.location = Optional.of(value);
                    }
                }
                case "content-length" -> {
                    if (!value.matches("[0-9]{1,18}")) {
                        throw new MalformedResponse("the response has an invalid Content-Length");
                    }
                    headers.length = Long.parseLong(value);
                }
                case "transfer-encoding" -> headers.chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                default -> {
                    // other headers do not matter to validation
                }
            }
        }
    }

    private boolean plain(ByteArrayOutputStream body, int maxBody, long length) throws IOException {
        long wanted = length < 0 ? Long.MAX_VALUE : length;
        long limit = Math.min(wanted, (long) maxBody + 1);
        byte[] buffer = new byte[1024];
        while (body.size() < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - body.size()));
            if (n < 0) {
                if (length >= 0) {
                    throw new MalformedResponse("the response ended before its Content-Length");
                }
                break;
            }
            body.write(buffer, 0, n);
        }
        return trim(body, maxBody);
    }

    private boolean chunked(ByteArrayOutputStream body, int maxBody) throws IOException {
        byte[] buffer = new byte[1024];
        while (body.size() <= maxBody) {
            String sizeLine = line(CHUNK_EOF);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            if (!hex.matches("[0-9a-fA-F]{1,8}")) {
                throw new MalformedResponse("the response has an invalid chunk size");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                break; // trailers, if any, do not matter
            }
            long keep = Math.min(size, (long) maxBody + 1 - body.size());
            for (long read = 0; read < keep; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, keep - read));
                if (n < 0) {
                    throw new MalformedResponse("the response ended inside a chunk");
                }
                body.write(buffer, 0, n);
                read += n;
            }
            if (keep < size) {
                break; // over the limit: the rest is never read
            }
            if (!line(CHUNK_EOF).isEmpty()) {
                throw new MalformedResponse("the response has a malformed chunk");
            }
        }
        return trim(body, maxBody);
    }

    /** Cuts the body back to maxBody and says whether anything was cut. */
    private static boolean trim(ByteArrayOutputStream body, int maxBody) {
        if (body.size() <= maxBody) {
            return false;
        }
        byte[] all = body.toByteArray();
        body.reset();
        body.write(all, 0, maxBody);
        return true;
    }

    /** A CRLF (or bare LF) terminated line, decoded as ISO-8859-1 as RFC 9112 allows for header bytes. */
    private String line(String endOfStream) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new MalformedResponse(line.size() == 0 ? endOfStream : "the response ended in the middle of a line");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() == MAX_LINE_BYTES) {
                throw new MalformedResponse("the response has a line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}
