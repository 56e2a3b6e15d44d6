package dev.sigil.acme.jws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.problem.AcmeProblem;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON reader of the JWS layer. Strict on purpose: duplicate members are refused (two parsers picking
 * different duplicates is a classic JWS confusion attack), so are trailing tokens, non-UTF-8 bytes and deep nesting.
 * Parser messages never reach the client; the details here are short and fixed.
 */
final class StrictJson {

    /** ACME objects nest a few levels at most; anything deeper is an attack on the parser, not a request. */
    static final int MAX_NESTING_DEPTH = 32;
    /** Client strings echoed in problem details are cut to this many characters. */
    static final int MAX_ECHO_CHARS = 40;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    /** Parses UTF-8 JSON that must be an object; anything else is {@code malformed}, naming {@code what}. */
    static ObjectNode parseObject(byte[] utf8, String what) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw AcmeProblem.malformed(what + " is not UTF-8");
        }
        return parseObject(text, what);
    }

    static ObjectNode parseObject(String text, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                throw AcmeProblem.malformed(what + " has a duplicate member");
            }
            throw AcmeProblem.malformed(what + " is not valid JSON");
        } catch (JsonProcessingException e) {
            throw AcmeProblem.malformed(what + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw AcmeProblem.malformed(what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** A client-supplied string made safe and short enough to quote in a problem detail. */
    static String echo(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_ECHO_CHARS) + 3);
        for (int i = 0; i < s.length() && i < MAX_ECHO_CHARS; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (s.length() > MAX_ECHO_CHARS) {
            out.append("...");
        }
        return out.toString();
    }
}
