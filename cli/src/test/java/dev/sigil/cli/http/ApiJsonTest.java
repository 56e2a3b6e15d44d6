package dev.sigil.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ApiJson reads and writes exactly what Jackson's ObjectMapper would, without building one. */
class ApiJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String DOC = "{\"items\":[{\"serial\":\"5f0c\",\"sans\":[\"dns:a\",\"ip:10.0.0.7\"],"
            + "\"n\":42,\"big\":12345678901,\"huge\":123456789012345678901234567890,\"ratio\":0.25,"
            + "\"ok\":true,\"no\":false,\"gone\":null,\"text\":\"caf\\u00e9 \\\"quoted\\\" \\n\",\"empty\":{},"
            + "\"nested\":[[],[1,[2]]]}],\"nextCursor\":\"abc\",\"dup\":1,\"dup\":2}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesToTheTreeObjectMapperBuilds() throws Exception {
        JsonNode ours = ApiJson.parse(bytes(DOC));

        assertThat(ours).isEqualTo(MAPPER.readTree(DOC));
        assertThat(ours.get("dup").intValue()).isEqualTo(2);
        assertThat(ours.at("/items/0/huge").isBigInteger()).isTrue();
        assertThat(ours.at("/items/0/big").isLong()).isTrue();
    }

    @Test
    void printsWhatObjectMapperPrints() throws Exception {
        JsonNode tree = MAPPER.readTree(DOC);

        assertThat(ApiJson.pretty(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
        assertThat(new String(ApiJson.compact(tree), StandardCharsets.UTF_8))
                .isEqualTo(MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree));
        assertThat(ApiJson.pretty(ApiJson.object().put("a", 1))).isEqualTo("{\n  \"a\" : 1\n}");
    }

    @Test
    void brokenEmptyAndAbsurdlyDeepInputIsAnIoError() {
        assertThatThrownBy(() -> ApiJson.parse(bytes("{\"a\":"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ApiJson.parse(bytes("  "))).isInstanceOf(IOException.class)
                .hasMessageContaining("no JSON value");
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> ApiJson.parse(bytes(deep))).isInstanceOf(IOException.class)
                .hasMessageContaining("nesting depth");
    }
}
