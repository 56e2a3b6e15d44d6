package dev.sigil.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes one key of the CLI's config file (Java properties) and keeps everything else as it was: comments, order and
 * other keys. {@link java.util.Properties#store} would drop the comments and add a date line, so the few lines of
 * properties syntax that matter here (comments, {@code key=value}, {@code key: value}, continuation lines) are read
 * by hand. The file is rewritten atomically with mode 0600.
 */
public final class ConfigFileEditor {

    private ConfigFileEditor() {
    }

    /**
     * Sets {@code key} to {@code value}: replaces the first entry of that key (dropping any later duplicates) or
     * appends one. Creates the file, and its directory with mode 0700, if missing.
     */
    public static void set(Path file, String key, String value) throws IOException {
        List<String> lines = read(file);
        List<String> out = new ArrayList<>();
        String entry = escapeKey(key) + "=" + escapeValue(value);
        boolean done = false;
        for (int i = 0; i < lines.size(); i++) {
            int end = entryEnd(lines, i);
            if (key.equals(keyOf(lines.get(i)))) {
                if (!done) {
                    out.add(entry);
                    done = true;
                }
            } else {
                out.addAll(lines.subList(i, end + 1));
            }
            i = end;
        }
        if (!done) {
            out.add(entry);
        }
        write(file, out);
    }

    /** Removes every entry of {@code key}; returns whether there was one. A missing file is left missing. */
    public static boolean unset(Path file, String key) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        List<String> lines = read(file);
        List<String> out = new ArrayList<>();
        boolean removed = false;
        for (int i = 0; i < lines.size(); i++) {
            int end = entryEnd(lines, i);
            if (key.equals(keyOf(lines.get(i)))) {
                removed = true;
            } else {
                out.addAll(lines.subList(i, end + 1));
            }
            i = end;
        }
        if (removed) {
            write(file, out);
        }
        return removed;
    }

    private static List<String> read(Path file) throws IOException {
        return Files.isRegularFile(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
                : new ArrayList<>();
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            PrivateFiles.directory(dir, false);
        }
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        PrivateFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), PrivateFiles.OWNER_ONLY);
    }

    /** The index of the last physical line of the logical line starting at {@code i} (continuation lines). */
    private static int entryEnd(List<String> lines, int i) {
        int j = i;
        if (isComment(lines.get(i))) {
            return i;
        }
        while (j < lines.size() - 1 && continues(lines.get(j))) {
            j++;
        }
        return j;
    }

    private static boolean isComment(String line) {
        String t = line.stripLeading();
        return t.isEmpty() || t.charAt(0) == '#' || t.charAt(0) == '!';
    }

    /** An odd number of trailing backslashes continues the line. */
    private static boolean continues(String line) {
        int n = 0;
        for (int k = line.length() - 1; k >= 0 && line.charAt(k) == '\\'; k--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** The key of an entry line (escapes removed), or null for comments and blank lines. */
    static String keyOf(String line) {
        if (isComment(line)) {
            return null;
        }
        String t = line.stripLeading();
        StringBuilder key = new StringBuilder();
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            if (c == '\\' && k + 1 < t.length()) {
                key.append(t.charAt(++k));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static String escapeKey(String key) {
        StringBuilder sb = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (c == '=' || c == ':' || c == ' ' || c == '\\' || c == '#' || c == '!') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Escapes what {@link java.util.Properties#load} would otherwise read differently. */
    static String escapeValue(String value) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\f' -> sb.append("\\f");
                case ' ' -> sb.append(k == 0 ? "\\ " : " ");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
