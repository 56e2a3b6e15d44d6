package dev.sigil.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file as directive → values (a directive may repeat, e.g. {@code Environment=}). */
record SystemdUnit(Map<String, List<String>> directives) {

    static SystemdUnit parse(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";") || t.startsWith("[")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq > 0) {
                out.computeIfAbsent(t.substring(0, eq).strip(), k -> new ArrayList<>()).add(t.substring(eq + 1).strip());
            }
        }
        return new SystemdUnit(out);
    }

    /** The last value of a directive (systemd's rule for single-valued settings), or null. */
    String get(String directive) {
        List<String> values = directives.get(directive);
        return values == null ? null : values.getLast();
    }

    List<String> all(String directive) {
        return directives.getOrDefault(directive, List.of());
    }

    /** {@code Environment=} assignments; each line may hold several {@code K=V}, optionally quoted. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : all("Environment")) {
            for (String assignment : line.split("\\s+(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                String a = assignment.replace("\"", "");
                int eq = a.indexOf('=');
                if (eq > 0) {
                    env.put(a.substring(0, eq), a.substring(eq + 1));
                }
            }
        }
        return env;
    }
}
