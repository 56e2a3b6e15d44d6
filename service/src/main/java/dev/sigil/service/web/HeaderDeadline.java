package dev.sigil.service.web;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.time.Duration;

/**
 * A request's headers must arrive within a deadline of its request line: a client trickling header bytes (never
 * idle, never done) is cut off (ReadDeadlines). Helidon calls {@link #prologue} once the request line is read and
 * {@link #headers} once the headers are, both on the connection's own thread; the deadline runs in between.
 */
public final class HeaderDeadline implements Http1ConnectionListener {

    private final Duration timeout;
    private final Http1ConnectionListener delegate;
    private final ThreadLocal<ReadDeadlines.Deadline> current = new ThreadLocal<>();

    /**
     * @param delegate gets every callback too: Helidon's own logging listener, which a configured receive listener
     *                 would otherwise replace
     */
    public HeaderDeadline(Duration timeout, Http1ConnectionListener delegate) {
        this.timeout = timeout;
        this.delegate = delegate;
    }

    @Override
    public void data(ConnectionContext ctx, io.helidon.common.buffers.BufferData data) {
        delegate.data(ctx, data);
    }

    @Override
    public void data(ConnectionContext ctx, byte[] bytes, int offset, int length) {
        delegate.data(ctx, bytes, offset, length);
    }

    @Override
    public void status(ConnectionContext ctx, io.helidon.http.Status status) {
        delegate.status(ctx, status);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        delegate.prologue(ctx, prologue);
        ReadDeadlines.Deadline previous = current.get();
        if (previous != null) {
            previous.finish();
        }
        current.set(ReadDeadlines.start(timeout));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        delegate.headers(ctx, headers);
        ReadDeadlines.Deadline d = current.get();
        if (d != null) {
            current.remove();
            d.finish();
        }
    }
}
