package dev.sigil.storage.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

/** Starts tasks on separate threads at the same instant, to make races likely rather than lucky. */
final class Concurrently {

    private Concurrently() {
    }

    /** Runs {@code task(0..threads-1)} together; returns how many returned true. Rethrows the first exception. */
    static int run(int threads, IntPredicate task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return task.test(index);
                }));
            }
            start.countDown();
            int successes = 0;
            for (Future<Boolean> f : results) {
                if (f.get()) {
                    successes++;
                }
            }
            return successes;
        }
    }
}
