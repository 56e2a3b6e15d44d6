package dev.sigil.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a Dockerfile parser for the checks: instructions with continuation lines joined and comments
 * dropped, as Docker reads them. Stages are kept apart because the build stage's ENV is not the image's.
 */
record Dockerfile(List<Instruction> instructions) {

    /** One instruction, e.g. {@code COPY --from=build /a /b}: keyword upper-cased, arguments as written. */
    record Instruction(int stage, String keyword, String args) {

        /** Words of a shell-form argument list, flags included. */
        List<String> words() {
            return Arrays.asList(args.trim().split("\\s+"));
        }

        /** A JSON-array argument list (exec form), or the words of a shell form. */
        List<String> execOrWords() {
            if (args.trim().startsWith("[")) {
                try {
                    return new ObjectMapper().readValue(args, new TypeReference<List<String>>() { });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return words();
        }

        /** A flag's value, e.g. {@code from} of {@code --from=build}. */
        String flag(String name) {
            return words().stream().filter(w -> w.startsWith("--" + name + "="))
                    .map(w -> w.substring(name.length() + 3)).findFirst().orElse(null);
        }

        /** Arguments without leading {@code --flags}. */
        List<String> operands() {
            return execOrWords().stream().dropWhile(w -> w.startsWith("--")).toList();
        }
    }

    static Dockerfile parse(String text) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int stage = -1;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            // Docker drops comment lines even in the middle of a continued instruction.
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String full = pending.toString().strip();
            pending.setLength(0);
            if (full.isEmpty()) {
                continue;
            }
            String[] parts = full.split("\\s+", 2);
            String keyword = parts[0].toUpperCase();
            if (keyword.equals("FROM")) {
                stage++;
            }
            out.add(new Instruction(stage, keyword, parts.length > 1 ? parts[1] : ""));
        }
        return new Dockerfile(out);
    }

    int lastStage() {
        return instructions.stream().mapToInt(Instruction::stage).max().orElse(-1);
    }

    /** Instructions of one keyword in the final (runtime) stage. */
    List<Instruction> runtime(String keyword) {
        int last = lastStage();
        return all(keyword).stream().filter(i -> i.stage() == last).toList();
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** ENV of the runtime stage, both {@code ENV K=V K2=V2} and the legacy {@code ENV K V}. */
    Map<String, String> runtimeEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction i : runtime("ENV")) {
            List<String> words = i.words();
            if (!words.getFirst().contains("=")) {
                env.put(words.getFirst(), i.args().strip().substring(words.getFirst().length()).strip());
                continue;
            }
            for (String w : words) {
                int eq = w.indexOf('=');
                env.put(w.substring(0, eq), unquote(w.substring(eq + 1)));
            }
        }
        return env;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
