package dev.sigil.storage.testing.fuzz;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The seeded mutation loop of the fuzz suites (docs/FUZZING.md). Each input is generated from one {@link Mutator}
 * seeded once per run, handed to the target on a worker thread and must come back within a time bound; the target
 * throws (an {@link AssertionError} or anything else) when the outcome is not acceptable. The first failure stops
 * the run with the seed, the input's number and the input itself, so that {@code -Dsigil.fuzz.seed=} replays it.
 *
 * <p>System properties: {@value #ITERATIONS} (inputs per target, default each target's CI budget) and
 * {@value #SEED} (default: random, printed).
 */
public final class FuzzLoop {

    public static final String ITERATIONS = "sigil.fuzz.iterations";
    public static final String SEED = "sigil.fuzz.seed";
    /** Longest input description a failure message quotes. */
    private static final int MAX_QUOTED_CHARS = 4000;

    /** Checks one input; throws if the target's answer is not acceptable. */
    @FunctionalInterface
    public interface Target<I> {
        void check(I input) throws Exception;
    }

    private FuzzLoop() {
    }

    /** The run's seed: {@value #SEED} if set, else a fresh one. */
    public static long seed() {
        String property = System.getProperty(SEED);
        return property == null || property.isBlank() ? java.util.concurrent.ThreadLocalRandom.current().nextLong()
                : Long.parseLong(property.strip());
    }

    /** Inputs per target: {@value #ITERATIONS} if set, else {@code ciDefault}. */
    public static int iterations(int ciDefault) {
        String property = System.getProperty(ITERATIONS);
        return property == null || property.isBlank() ? ciDefault : Integer.parseInt(property.strip());
    }

    /**
     * Runs {@link #iterations(int) iterations(ciDefault)} inputs from {@code generator} through {@code target}.
     *
     * @param perInput   how long one input may take before the run fails as hung
     * @param describe   renders an input for the failure message (escaped, as a regression test would quote it)
     * @return the number of inputs checked (all of them, or this throws)
     */
    public static <I> int run(String name, int ciDefault, Duration perInput, Function<Mutator, I> generator,
                              Function<I, String> describe, Target<I> target) {
        long seed = seed();
        int iterations = iterations(ciDefault);
        Mutator mutator = new Mutator(seed);
        System.out.printf("fuzz %s: %d inputs, seed %d%n", name, iterations, seed);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        try {
            for (int i = 0; i < iterations; i++) {
                I input = generator.apply(mutator);
                Future<?> done = worker.submit(() -> {
                    target.check(input);
                    return null;
                });
                try {
                    done.get(perInput.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    done.cancel(true);
                    throw failure(name, seed, i, describe.apply(input), "no answer within " + perInput, null);
                } catch (ExecutionException e) {
                    throw failure(name, seed, i, describe.apply(input), String.valueOf(e.getCause()), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.printf("fuzz %s: %d inputs passed in %d ms%n", name, iterations,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return iterations;
    }

    private static AssertionError failure(String name, long seed, int index, String input, String what,
                                          Throwable cause) {
        String quoted = input.length() > MAX_QUOTED_CHARS
                ? input.substring(0, MAX_QUOTED_CHARS) + "... (" + input.length() + " chars)" : input;
        return new AssertionError("fuzz " + name + " failed at input #" + index + " (seed " + seed + "; replay with -D"
                + SEED + "=" + seed + "): " + what + "\ninput: " + quoted, cause);
    }

    /** Java-escapes text so a failing input can be pasted into a regression test. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** Hex of bytes, for binary inputs in failure messages. */
    public static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
