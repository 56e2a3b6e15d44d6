package dev.sigil.service.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for programs the tests start (which bind them themselves a moment later). */
public final class FreePorts {

    private FreePorts() {
    }

    public static int tcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port free for both UDP and TCP (a DNS server binds both). */
    public static int udpAndTcp() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = tcp();
            try (DatagramSocket d = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }
}
