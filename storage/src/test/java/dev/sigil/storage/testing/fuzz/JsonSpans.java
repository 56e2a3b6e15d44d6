package dev.sigil.storage.testing.fuzz;

import java.util.List;

/**
 * Where the values and object members of a JSON text lie, so {@link Mutator} can replace one without a JSON library
 * (the storage test-jar, shared by every module's fuzz suite, has none). Valid JSON in; anything else throws.
 */
final class JsonSpans {

    private JsonSpans() {
    }

    /** Scans the value starting at or after {@code i}; records spans {start, end}; returns the end. */
    static int value(String s, int i, List<int[]> values, List<int[]> members) {
        int start = skipSpace(s, i);
        if (start >= s.length()) {
            throw new IllegalArgumentException("end of input");
        }
        char c = s.charAt(start);
        int end;
        if (c == '{') {
            end = container(s, start, '}', true, values, members);
        } else if (c == '[') {
            end = container(s, start, ']', false, values, members);
        } else if (c == '"') {
            end = string(s, start);
        } else {
            end = start;
            while (end < s.length() && ",]}: \t\r\n".indexOf(s.charAt(end)) < 0) {
                end++;
            }
            if (end == start) {
                throw new IllegalArgumentException("no value at " + start);
            }
        }
        values.add(new int[] {start, end});
        return end;
    }

    private static int container(String s, int start, char close, boolean object, List<int[]> values,
                                 List<int[]> members) {
        int i = skipSpace(s, start + 1);
        if (i < s.length() && s.charAt(i) == close) {
            return i + 1;
        }
        while (true) {
            int memberStart = skipSpace(s, i);
            if (object) {
                i = string(s, memberStart);
                i = skipSpace(s, i);
                if (i >= s.length() || s.charAt(i) != ':') {
                    throw new IllegalArgumentException("no colon at " + i);
                }
                i++;
            }
            i = value(s, i, values, members);
            if (object) {
                members.add(new int[] {memberStart, i});
            }
            i = skipSpace(s, i);
            if (i >= s.length()) {
                throw new IllegalArgumentException("unclosed");
            }
            if (s.charAt(i) == close) {
                return i + 1;
            }
            if (s.charAt(i) != ',') {
                throw new IllegalArgumentException("no comma at " + i);
            }
            i++;
        }
    }

    private static int string(String s, int start) {
        if (start >= s.length() || s.charAt(start) != '"') {
            throw new IllegalArgumentException("no string at " + start);
        }
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
