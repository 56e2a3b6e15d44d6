package dev.sigil.service.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.testing.fuzz.FuzzLoop;
import dev.sigil.storage.testing.fuzz.Mutator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link Json#parse}, the admin API's one JSON reading entry point, with mutated bodies of every POST body
 * type: each either reads or is refused as {@code malformed} with a detail; never another exception, never a hang.
 * Over HTTP the same kinds of bodies go through {@code dev.sigil.service.e2e.AdminApiFuzzTest}. See docs/FUZZING.md.
 */
class JsonFuzzTest {

    private static final Json JSON = new Json(64 * 1024);
    private static final ObjectMapper WRITER = new ObjectMapper();

    /** A body and the record type it is read into. */
    record BodyInput(Class<?> type, byte[] body) {
        String describe() {
            return type.getSimpleName() + " \"" + FuzzLoop.escape(new String(body, StandardCharsets.UTF_8)) + "\"";
        }
    }

    private static final List<BodyInput> SEEDS = List.of(
            seed(CertificatesApi.IssueBody.class, "{\"csr\":\"-----BEGIN CERTIFICATE REQUEST-----\\nMIIB\\n-----END "
                    + "CERTIFICATE REQUEST-----\\n\",\"profile\":\"server\",\"ttl\":\"90d\",\"owner\":\"o\",\"label\":\"l\"}"),
            seed(CertificatesApi.RevokeBody.class, "{\"reason\":\"keyCompromise\",\"invalidityDate\":"
                    + "\"2026-01-01T00:00:00Z\"}"),
            seed(TokensApi.CreateBody.class, "{\"name\":\"ci-runner\",\"role\":\"operator\"}"),
            seed(ManagedApi.CreateBody.class, "{\"name\":\"web\",\"commonName\":\"web.internal\",\"sans\":"
                    + "[\"dns:web.internal\",\"ip:10.0.0.1\"],\"profile\":\"server\",\"keyType\":\"EC_P256\","
                    + "\"lifetime\":\"30d\",\"renewAt\":0.6667,\"owner\":\"team\",\"revokeSuperseded\":false,"
                    + "\"revokeGrace\":\"1h\"}"),
            seed(ManagedApi.TokenBody.class, "{\"name\":\"web-workload\"}"),
            seed(SshApi.SignBody.class, "{\"publicKey\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA c\",\"type\":\"user\","
                    + "\"keyId\":\"alice\",\"principals\":[\"alice\"],\"ttl\":\"8h\",\"criticalOptions\":"
                    + "{\"forceCommand\":\"/bin/true\",\"sourceAddress\":\"10.0.0.0/8\",\"verifyRequired\":false},"
                    + "\"extensions\":[\"permit-pty\"]}"),
            seed(SshApi.RevokeBody.class, "{\"serial\":\"123\",\"keyId\":\"alice\",\"type\":\"user\","
                    + "\"publicKey\":\"ssh-ed25519 AAAA\",\"reason\":\"lost\"}"));

    private static BodyInput seed(Class<?> type, String json) {
        return new BodyInput(type, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void seedsRead() {
        for (BodyInput seed : SEEDS) {
            assertThat(JSON.parse(seed.body(), seed.type())).isInstanceOf(seed.type());
        }
    }

    @Test
    void mutatedBodiesReadOrAreRefusedAsMalformed() {
        int checked = FuzzLoop.run("admin-json", 10_000, Duration.ofSeconds(5), JsonFuzzTest::generate,
                BodyInput::describe, JsonFuzzTest::check);
        assertThat(checked).isEqualTo(FuzzLoop.iterations(10_000));
    }

    static BodyInput generate(Mutator m) {
        BodyInput seed = m.pick(SEEDS);
        String json = new String(seed.body(), StandardCharsets.UTF_8);
        byte[] body = m.chance(75) ? m.mutateJson(json).getBytes(StandardCharsets.UTF_8)
                : m.mutateBytes(seed.body(), List.of());
        return new BodyInput(seed.type(), body);
    }

    static void check(BodyInput input) throws Exception {
        try {
            Object value = JSON.parse(input.body(), input.type());
            assertThat(value).isInstanceOf(input.type());
            assertThat(WRITER.writeValueAsString(value)).isNotEmpty();
        } catch (SigilException e) {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(ErrorKind.MALFORMED);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
