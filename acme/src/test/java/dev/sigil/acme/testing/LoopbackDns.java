package dev.sigil.acme.testing;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small authoritative DNS server on 127.0.0.1 (UDP, dnsjava message parsing) for validation through the front
 * end: every name under {@link #ZONE} has A 127.0.0.1; TXT records at {@code _acme-challenge.} names are set by
 * tests for dns-01; anything else is NXDOMAIN.
 */
public final class LoopbackDns implements AutoCloseable {

    public static final String ZONE = "sigil.test";
    private static final long TTL = 60;

    private final DatagramSocket socket;
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();

    public LoopbackDns() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        Thread.ofPlatform().daemon(true).name("loopback-dns").start(this::serve);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort());
    }

    /** Publishes the dns-01 record for {@code name}: TXT at _acme-challenge.name = base64url(SHA-256(keyAuth)). */
    public void provisionDns01(String name, String keyAuthorization) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyAuthorization.getBytes(StandardCharsets.UTF_8));
        txt.put(("_acme-challenge." + name + ".").toLowerCase(Locale.ROOT),
                List.of(Base64.getUrlEncoder().withoutPadding().encodeToString(digest)));
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] reply = answer(new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength())));
                socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // closed, or a datagram that is not DNS: nothing to answer
            }
        }
    }

    private byte[] answer(Message query) throws IOException {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        String key = name.toString().toLowerCase(Locale.ROOT);
        boolean inZone = key.endsWith("." + ZONE + ".") || key.equals(ZONE + ".");
        List<String> values = txt.get(key);
        if (question.getType() == Type.A && inZone && !key.startsWith("_acme-challenge.")) {
            response.addRecord(new ARecord(name, DClass.IN, TTL, InetAddress.getByName("127.0.0.1")), Section.ANSWER);
        } else if (question.getType() == Type.TXT && values != null) {
            response.addRecord(new TXTRecord(name, DClass.IN, TTL, values), Section.ANSWER);
        } else if (!inZone || (key.startsWith("_acme-challenge.") && values == null)) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return response.toWire();
    }

    @Override
    public void close() {
        socket.close();
    }
}
