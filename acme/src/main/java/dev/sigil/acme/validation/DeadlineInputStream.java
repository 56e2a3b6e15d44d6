package dev.sigil.acme.validation;

import java.io.FilterInputStream;
import java.io.IOException;
import java.net.Socket;

/** A socket's input whose every read may wait only for what remains of the attempt's deadline. */
final class DeadlineInputStream extends FilterInputStream {

    private final Socket socket;
    private final Deadline deadline;

    DeadlineInputStream(Socket socket, Deadline deadline) throws IOException {
        super(socket.getInputStream());
        this.socket = socket;
        this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
        socket.setSoTimeout(deadline.socketTimeoutMillis());
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        socket.setSoTimeout(deadline.socketTimeoutMillis());
        return super.read(b, off, len);
    }
}
