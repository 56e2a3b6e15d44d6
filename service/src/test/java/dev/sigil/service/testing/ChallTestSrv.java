package dev.sigil.service.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian pebble's {@code pebble-challtestsrv} as the mock DNS server of ACME tests, as Boulder and Pebble use it:
 * it answers every A query with 127.0.0.1 (AAAA with ::1) and TXT queries with the records set over its management
 * API. Only its DNS and management listeners run, on free loopback ports.
 */
public final class ChallTestSrv implements AutoCloseable {

    private final Process process;
    private final int dnsPort;
    private final int managementPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChallTestSrv(Process process, int dnsPort, int managementPort) {
        this.process = process;
        this.dnsPort = dnsPort;
        this.managementPort = managementPort;
    }

    public static ChallTestSrv start(Path logDir) throws IOException, InterruptedException {
        Path bin = ExternalTools.require("pebble-challtestsrv", "pebble");
        int dns = FreePorts.udpAndTcp();
        int mgmt = FreePorts.tcp();
        Process p = new ProcessBuilder(List.of(bin.toString(), "-dns01", "127.0.0.1:" + dns, "-http01", "",
                "-https01", "", "-tlsalpn01", "", "-management", "127.0.0.1:" + mgmt,
                "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""))
                .redirectErrorStream(true).redirectOutput(logDir.resolve("challtestsrv.log").toFile()).start();
        ChallTestSrv srv = new ChallTestSrv(p, dns, mgmt);
        srv.awaitManagement();
        return srv;
    }

    /** host:port of the DNS server, for sigil.acme.validation.dns-resolver. */
    public String dnsAddress() {
        return "127.0.0.1:" + dnsPort;
    }

    /** Sets a TXT record (e.g. _acme-challenge.name.test.) for dns-01. */
    public void setTxt(String host, String value) throws IOException, InterruptedException {
        post("/set-txt", "{\"host\":\"" + fqdn(host) + "\",\"value\":\"" + value + "\"}");
    }

    public void clearTxt(String host) throws IOException, InterruptedException {
        post("/clear-txt", "{\"host\":\"" + fqdn(host) + "\"}");
    }

    private static String fqdn(String host) {
        return host.endsWith(".") ? host : host + ".";
    }

    private void post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("challtestsrv " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private void awaitManagement() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pebble-challtestsrv exited with " + process.exitValue());
            }
            try (var s = new java.net.Socket("127.0.0.1", managementPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("pebble-challtestsrv did not start within 20 s");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
