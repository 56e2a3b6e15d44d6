package dev.sigil.acme.validation;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny authoritative DNS server on a loopback UDP port, built on dnsjava's message parsing, so validation tests
 * need no external binary: A/AAAA, TXT and CNAME records the test sets, NXDOMAIN for every other name, and names
 * that are never answered (to provoke timeouts).
 */
final class TestDns implements AutoCloseable {

    private static final long TTL = 60;

    private final DatagramSocket socket;
    private final Map<Name, List<InetAddress>> addresses = new ConcurrentHashMap<>();
    private final Map<Name, List<String>> txt = new ConcurrentHashMap<>();
    private final Map<Name, Name> cnames = new ConcurrentHashMap<>();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final Thread loop;

    private TestDns(DatagramSocket socket) {
        this.socket = socket;
        this.loop = Thread.ofPlatform().daemon(true).name("test-dns").start(this::serve);
    }

    static TestDns start() throws IOException {
        return new TestDns(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    /** A or AAAA records (by the literal's family). */
    TestDns address(String name, String... ips) {
        List<InetAddress> list = new CopyOnWriteArrayList<>();
        for (String ip : ips) {
            list.add(Hosts.ipLiteral(ip).orElseThrow());
        }
        addresses.put(name(name), list);
        return this;
    }

    TestDns txt(String name, String... values) {
        txt.put(name(name), List.of(values));
        return this;
    }

    TestDns cname(String name, String target) {
        cnames.put(name(name), name(target));
        return this;
    }

    /** Queries for this name are dropped, as by a broken or firewalled server. */
    TestDns silent(String name) {
        silent.add(name(name));
        return this;
    }

    /** "example.test./A" for every question received, in order. */
    List<String> questions() {
        return questions;
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                Record question = query.getQuestion();
                questions.add(question.getName() + "/" + Type.string(question.getType()));
                if (silent.contains(question.getName())) {
                    continue;
                }
                byte[] wire = answer(query, question).toWire(512);
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query, Record question) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
            response.getHeader().setFlag(Flags.RA);
        }
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        int type = question.getType();
        for (int hops = 0; hops < 8 && cnames.containsKey(name) && type != Type.CNAME; hops++) {
            Name target = cnames.get(name);
            response.addRecord(new CNAMERecord(name, DClass.IN, TTL, target), Section.ANSWER);
            name = target;
        }
        boolean exists = addresses.containsKey(name) || txt.containsKey(name) || cnames.containsKey(name);
        if (!exists) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        if (type == Type.A || type == Type.AAAA) {
            for (InetAddress a : addresses.getOrDefault(name, List.of())) {
                if (type == Type.AAAA && a instanceof Inet6Address) {
                    response.addRecord(new AAAARecord(name, DClass.IN, TTL, a), Section.ANSWER);
                } else if (type == Type.A && !(a instanceof Inet6Address)) {
                    response.addRecord(new ARecord(name, DClass.IN, TTL, a), Section.ANSWER);
                }
            }
        } else if (type == Type.TXT) {
            for (String value : txt.getOrDefault(name, List.of())) {
                response.addRecord(new TXTRecord(name, DClass.IN, TTL, value), Section.ANSWER);
            }
        }
        return response;
    }

    @Override
    public void close() {
        socket.close();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
