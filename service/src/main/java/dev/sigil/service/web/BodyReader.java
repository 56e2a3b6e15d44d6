package dev.sigil.service.web;

import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Reads a request body of at most {@code maxBody + 1} bytes (one more, so that the caller sees an oversized body and
 * answers 413) within a deadline (ReadDeadlines). Helidon 4.2 has no read timeout for bodies: a client that sends its
 * headers and then trickles or stalls its body would hold its connection, its virtual thread and a slot of its
 * per-client quota for as long as it likes.
 */
public final class BodyReader {

    /** Thrown when the body did not arrive within the deadline; the connection is closed by then. */
    public static final class TimeoutException extends IOException {
        TimeoutException(Duration timeout) {
            super("the request body did not arrive within " + timeout.toSeconds() + " s");
        }
    }

    private final int maxBody;
    private final Duration timeout;

    /**
     * @param maxBody the largest body accepted, in bytes
     * @param timeout how long a whole body may take to arrive, from when reading starts
     */
    public BodyReader(int maxBody, Duration timeout) {
        if (maxBody < 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("maxBody >= 0 and a positive timeout are required");
        }
        this.maxBody = maxBody;
        this.timeout = timeout;
    }

    public int maxBody() {
        return maxBody;
    }

    /**
     * @return the body (empty if there is none), {@code maxBody + 1} bytes long if it was larger than allowed
     * @throws TimeoutException if it did not arrive in time (the connection is closed)
     * @throws IOException      if the client broke the connection
     */
    public byte[] read(ServerRequest req) throws IOException {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        ReadDeadlines.Deadline deadline = ReadDeadlines.start(timeout);
        // With a Content-Length (every client here sends one) read exactly that: readNBytes(maxBody + 1) allocated
        // and zeroed a 16 KiB buffer per request, ~5% of the CPU of a small API call.
        long length = req.headers().contentLength().orElse(-1);
        int want = length >= 0 && length <= maxBody ? (int) length : maxBody + 1;
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(want);
            if (deadline.finish()) {
                return body;
            }
            throw new TimeoutException(timeout);
        } catch (IOException | RuntimeException e) {
            if (!deadline.finish()) {
                throw new TimeoutException(timeout);
            }
            throw e instanceof IOException io ? io : new IOException("the request body could not be read", e);
        } finally {
            deadline.finish();
        }
    }
}
