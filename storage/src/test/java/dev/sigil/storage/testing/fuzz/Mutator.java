package dev.sigil.storage.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations for the fuzz suites (docs/FUZZING.md): byte-level ones (bit flips, interesting bytes, insertions,
 * deletions, truncation, duplication, splicing with another seed), JSON-aware ones on text (a value replaced by one of
 * the wrong type, a huge number or string, deep nesting, unicode escapes; members duplicated or dropped) and base64
 * damage. Everything comes from one {@link Random}, so a seed reproduces a run.
 */
public final class Mutator {

    /** Bytes that tend to break parsers: delimiters, NUL, high bit, ASN.1 length forms. */
    private static final byte[] INTERESTING_BYTES = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0x81, (byte) 0x82,
            (byte) 0x84, (byte) 0xff, '"', '\\', '{', '}', '[', ']', ',', ':', '=', '.', ' ', '\n', '%', '+', '/'};
    /** Values a JSON-aware mutation puts where another value was. */
    private static final List<String> REPLACEMENTS = List.of("null", "true", "false", "0", "-1", "1.5", "-0",
            "1e999", "-1e-999", "123456789012345678901234567890123456789", "9223372036854775808", "\"\"", "\"x\"",
            "[]", "{}", "[null]", "{\"\":null}", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u00e9\\u202e\"",
            "\"\\\"\\\\\"", "\"%00\"", "\"a\\nb\"", "\"\u00ff\u0100\uffff\"", "\" \"", "\"../../etc/passwd\"",
            "\"AAAA\"", "\"====\"", "\"-_-_\"", "\"P-256\"", "\"dns\"", "\"ip\"", "\"*.example.com\"", "\"127.0.0.1\"",
            "\"::1\"", "\"mailto:\"", "\"2026-13-45T99:99:99Z\"", "\"P-1D\"", "\"-5m\"", "\"99999999d\"");

    private final Random random;

    public Mutator(long seed) {
        this.random = new Random(seed);
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** One to three stacked byte mutations of {@code input}; {@code others} are splice partners (may be empty). */
    public byte[] mutateBytes(byte[] input, List<byte[]> others) {
        byte[] out = input;
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            out = mutateBytesOnce(out, others);
        }
        return out;
    }

    private byte[] mutateBytesOnce(byte[] in, List<byte[]> others) {
        if (in.length == 0) {
            return new byte[] {INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]};
        }
        int at = random.nextInt(in.length);
        switch (random.nextInt(9)) {
            case 0 -> { // flip a bit
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1 -> { // an interesting byte
                byte[] out = in.clone();
                out[at] = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                return out;
            }
            case 2 -> { // a random byte
                byte[] out = in.clone();
                out[at] = (byte) random.nextInt(256);
                return out;
            }
            case 3 -> { // insert a few bytes
                byte[] insert = new byte[1 + random.nextInt(8)];
                for (int i = 0; i < insert.length; i++) {
                    insert[i] = random.nextBoolean() ? (byte) random.nextInt(256)
                            : INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                }
                return splice(in, at, at, insert);
            }
            case 4 -> { // delete a range
                int end = Math.min(in.length, at + 1 + random.nextInt(Math.max(1, in.length / 8)));
                return splice(in, at, end, new byte[0]);
            }
            case 5 -> { // truncate
                return Arrays.copyOf(in, at);
            }
            case 6 -> { // duplicate a range
                int end = Math.min(in.length, at + 1 + random.nextInt(Math.max(1, in.length / 4)));
                return splice(in, end, end, Arrays.copyOfRange(in, at, end));
            }
            case 7 -> { // a 32-bit length that lies (SSH wire, ASN.1 long form)
                byte[] big = switch (random.nextInt(4)) {
                    case 0 -> new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
                    case 1 -> new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
                    case 2 -> new byte[] {0x00, 0x00, 0x00, 0x00};
                    default -> new byte[] {(byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
                };
                int end = Math.min(in.length, at + big.length);
                return splice(in, at, end, big);
            }
            default -> { // splice: head of this input, tail of another
                if (others.isEmpty()) {
                    return Arrays.copyOf(in, at);
                }
                byte[] other = pick(others);
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                return splice(in, at, in.length, Arrays.copyOfRange(other, from, other.length));
            }
        }
    }

    /** Byte mutations of UTF-8 text, read back leniently (invalid sequences become U+FFFD, as a web stack would). */
    public String mutateText(String text, List<String> others) {
        List<byte[]> partners = others.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        return new String(mutateBytes(text.getBytes(StandardCharsets.UTF_8), partners), StandardCharsets.UTF_8);
    }

    /**
     * A JSON-aware mutation of {@code json} (valid JSON expected; anything else gets a text mutation): a value
     * replaced, wrapped in deep nesting or turned into unicode escapes, a huge value, a member duplicated or removed.
     */
    public String mutateJson(String json) {
        List<int[]> values = new ArrayList<>();
        List<int[]> members = new ArrayList<>();
        try {
            int end = JsonSpans.value(json, 0, values, members);
            if (JsonSpans.skipSpace(json, end) != json.length()) {
                return mutateText(json, List.of());
            }
        } catch (IllegalArgumentException notJson) {
            return mutateText(json, List.of());
        }
        int[] v = pick(values);
        String value = json.substring(v[0], v[1]);
        switch (random.nextInt(8)) {
            case 0, 1 -> {
                return replace(json, v, pick(REPLACEMENTS));
            }
            case 2 -> { // deep nesting
                int depth = random.nextBoolean() ? 1 + random.nextInt(64) : 1 + random.nextInt(5000);
                boolean array = random.nextBoolean();
                String open = array ? "[" : "{\"a\":";
                String close = array ? "]" : "}";
                return replace(json, v, open.repeat(depth) + value + close.repeat(depth));
            }
            case 3 -> { // huge values
                String huge = switch (random.nextInt(4)) {
                    case 0 -> "\"" + "A".repeat(1 + random.nextInt(200_000)) + "\"";
                    case 1 -> "9".repeat(1 + random.nextInt(5000));
                    case 2 -> "[" + (value + ",").repeat(1 + random.nextInt(2000)) + value + "]";
                    default -> "1e" + random.nextInt(Integer.MAX_VALUE);
                };
                return replace(json, v, huge);
            }
            case 4 -> { // unicode escapes for a string's characters
                if (value.length() < 2 || value.charAt(0) != '"') {
                    return replace(json, v, "\"" + value.replace("\"", "") + "\"");
                }
                StringBuilder escaped = new StringBuilder("\"");
                for (char c : value.substring(1, value.length() - 1).toCharArray()) {
                    escaped.append(random.nextInt(3) == 0 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                }
                if (random.nextBoolean()) {
                    escaped.append(pick(List.of("\\u0000", "\\ud83d", "\\ude00", "\\uFFFE", "\u00e9", "\\/")));
                }
                return replace(json, v, escaped.append('"').toString());
            }
            case 5 -> { // duplicate a member
                if (members.isEmpty()) {
                    return replace(json, v, "[" + value + "," + value + "]");
                }
                int[] m = pick(members);
                String member = json.substring(m[0], m[1]);
                return json.substring(0, m[1]) + "," + member + json.substring(m[1]);
            }
            case 6 -> { // drop a member (and one comma next to it)
                if (members.isEmpty()) {
                    return replace(json, v, "");
                }
                int[] m = pick(members);
                int start = m[0];
                int end = m[1];
                int after = JsonSpans.skipSpace(json, end);
                if (after < json.length() && json.charAt(after) == ',') {
                    end = after + 1;
                } else {
                    int before = start - 1;
                    while (before >= 0 && Character.isWhitespace(json.charAt(before))) {
                        before--;
                    }
                    if (before >= 0 && json.charAt(before) == ',') {
                        start = before;
                    }
                }
                return json.substring(0, start) + json.substring(end);
            }
            default -> { // a string value's content damaged like base64, or any value text-mutated
                if (value.length() >= 2 && value.charAt(0) == '"') {
                    return replace(json, v, "\"" + damageBase64(value.substring(1, value.length() - 1)) + "\"");
                }
                return replace(json, v, mutateText(value, List.of()));
            }
        }
    }

    /** Damage of the kind base64(url) decoders must refuse or survive: padding, foreign alphabet, bad length. */
    public String damageBase64(String b64) {
        int at = b64.isEmpty() ? 0 : random.nextInt(b64.length());
        String insert = pick(List.of("=", "==", "+", "/", "-", "_", " ", "\n", "%3D", "\u00e9", "\u0000", ".", "A",
                "\\u0041"));
        return switch (random.nextInt(5)) {
            case 0 -> b64.substring(0, at) + insert + b64.substring(at);
            case 1 -> b64.isEmpty() ? insert : b64.substring(0, at) + b64.substring(at + 1); // length % 4 changes
            case 2 -> b64.substring(0, at);
            case 3 -> b64 + pick(List.of("=", "==", "===", "A", "AA", "AAA"));
            default -> b64.isEmpty() ? "" : b64.substring(0, at) + (char) ('A' + random.nextInt(26))
                    + b64.substring(at + 1);
        };
    }

    private static String replace(String text, int[] span, String with) {
        return text.substring(0, span[0]) + with + text.substring(span[1]);
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[in.length - (to - from) + insert.length];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }
}
