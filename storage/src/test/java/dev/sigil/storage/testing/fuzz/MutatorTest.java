package dev.sigil.storage.testing.fuzz;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fuzz suites' mutator: reproducible from its seed, and it really makes the damage it promises. */
class MutatorTest {

    private static final String JSON = "{\"name\":\"ci\",\"role\":\"operator\",\"sans\":[\"dns:a\",\"ip:10.0.0.1\"],"
            + "\"n\":1}";

    @Test
    void theSameSeedMakesTheSameInputs() {
        assertThat(run(42)).isEqualTo(run(42)).isNotEqualTo(run(43));
    }

    @Test
    void jsonMutationsIncludeTheAdvertisedKinds() {
        Mutator m = new Mutator(7);
        Set<String> outputs = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            outputs.add(m.mutateJson(JSON));
        }
        assertThat(outputs).hasSizeGreaterThan(1000);
        assertThat(outputs).anyMatch(s -> s.contains("[[[[[[[[[[") || s.contains("{\"a\":{\"a\":{\"a\":"));
        assertThat(outputs).anyMatch(s -> s.indexOf("\"role\"") != s.lastIndexOf("\"role\"")); // duplicate key
        assertThat(outputs).anyMatch(s -> !s.contains("\"role\"")); // dropped member
        assertThat(outputs).anyMatch(s -> s.contains("1e999") || s.contains("123456789012345678901234567890"));
        assertThat(outputs).anyMatch(s -> s.contains("\\u"));
        assertThat(outputs).anyMatch(s -> s.contains("\"name\":null") || s.contains("\"name\":true"));
    }

    @Test
    void byteMutationsChangeTheInput() {
        Mutator m = new Mutator(1);
        byte[] seed = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        int changed = 0;
        for (int i = 0; i < 500; i++) {
            if (!java.util.Arrays.equals(seed, m.mutateBytes(seed, List.of(new byte[] {1, 2, 3})))) {
                changed++;
            }
        }
        assertThat(changed).isGreaterThan(450);
    }

    @Test
    void spansRefuseWhatIsNotJson() {
        assertThatThrownBy(() -> JsonSpans.value("{\"a\":", 0, new ArrayList<>(), new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class);
        List<int[]> values = new ArrayList<>();
        List<int[]> members = new ArrayList<>();
        assertThat(JsonSpans.value(JSON, 0, values, members)).isEqualTo(JSON.length());
        assertThat(members).hasSize(4);
        assertThat(values).hasSize(7);
    }

    private static List<String> run(long seed) {
        Mutator m = new Mutator(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            out.add(m.mutateJson(JSON));
            out.add(m.damageBase64("QUJDRA"));
        }
        return out;
    }
}
