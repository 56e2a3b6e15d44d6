package dev.sigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** An in-test HTTPS server trusted through a temporary root, and an environment pointing the CLI at it. */
abstract class ServerTestBase {

    static final String TOKEN = "sgl_" + "Tk9UX0FfUkVBTF9UT0tFTl9KVVNUX0FfVEVTVF9PTkU";
    static final ObjectMapper JSON = new ObjectMapper();

    static TestPki pki;

    @TempDir
    Path dir;

    TestServer server;
    Path caFile;

    @BeforeAll
    static void createPki() throws Exception {
        pki = TestPki.create(TestPki.loopbackSans());
    }

    @BeforeEach
    void startServer() throws Exception {
        server = TestServer.start(pki);
        caFile = dir.resolve("root.pem");
        Files.writeString(caFile, pki.rootPem());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** HOME and PWD in the temp dir, server, token and CA from the environment. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("PWD", dir.toString());
        env.put("SIGIL_SERVER", server.url());
        env.put("SIGIL_TOKEN", TOKEN);
        env.put("SIGIL_CA_CERT", caFile.toString());
        return env;
    }

    CliRun sigil(String... args) {
        return CliRun.run(env(), args);
    }

    static JsonNode parse(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** Decodes a raw query string into an ordered map. */
    static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    static final String LEAF_PEM = "-----BEGIN CERTIFICATE-----\nTEVBRg==\n-----END CERTIFICATE-----";
    static final String CHAIN_PEM = "-----BEGIN CERTIFICATE-----\nSU5URVJNRURJQVRF\n-----END CERTIFICATE-----";

    /** A certificate as the API renders it (docs/API.md), with or without PEMs. */
    static String certJson(String serial, String subject, String status, String notAfter, boolean pems) {
        return "{\"issuer\":\"int-3f9a1c2b\",\"serial\":\"" + serial + "\",\"subject\":\"" + subject + "\","
                + "\"sans\":[\"dns:www.sigil.internal\",\"ip:10.0.0.7\"],\"keyType\":\"EC_P256\","
                + "\"notBefore\":\"2026-11-23T20:00:00Z\",\"notAfter\":\"" + notAfter + "\",\"status\":\"" + status
                + "\",\"owner\":\"team-payments\",\"label\":\"checkout frontend\",\"profile\":\"server\","
                + "\"issuedAt\":\"2026-11-23T20:00:01Z\",\"requestedBy\":\"admin\""
                + (pems ? ",\"certificatePem\":\"" + LEAF_PEM.replace("\n", "\\n") + "\",\"chainPem\":\""
                + CHAIN_PEM.replace("\n", "\\n") + "\"" : "")
                + "}";
    }
}
