package dev.sigil.service.web;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deadlines for blocking reads on a connection's virtual thread: a request's headers (HeaderDeadline) and its body
 * (BodyReader). Helidon 4.2's server has no read timeouts, so a client that trickles bytes would hold its connection
 * and thread as long as it likes. A sweeper thread interrupts the reading thread once its deadline has passed
 * (checked twice a second); a virtual thread blocked in a socket read that is interrupted has its socket closed
 * (JEP 444), which cuts the client off and frees what it held. Written by hand: Helidon offers no hook for it.
 */
final class ReadDeadlines {

    /** Reads in progress; two map operations per read, no timer queue. */
    private static final Set<Deadline> READING = ConcurrentHashMap.newKeySet();
    private static final long SWEEP_MILLIS = 500;

    static {
        Thread.ofPlatform().name("sigil-read-deadlines").daemon(true).start(() -> {
            while (true) {
                try {
                    Thread.sleep(SWEEP_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                for (Deadline d : READING) {
                    if (now - d.deadline > 0) {
                        d.expire();
                        // Dropped here too: a connection that dies between its request line and its headers never
                        // calls finish(), and its entry would stay forever.
                        READING.remove(d);
                    }
                }
            }
        });
    }

    private ReadDeadlines() {
    }

    /** Starts a deadline for the calling thread's reads; end it with {@link Deadline#finish}. */
    static Deadline start(Duration timeout) {
        Deadline d = new Deadline(Thread.currentThread(), System.nanoTime() + timeout.toNanos());
        READING.add(d);
        return d;
    }

    /**
     * Whichever comes first, the end of the read or the deadline, wins. The interrupt is sent while holding the
     * lock, so once {@link #finish} has returned false the interrupt has been delivered and is cleared there: the
     * thread goes on (to answer, to use the database) without a stray interrupt.
     */
    static final class Deadline {
        private final Thread reader;
        private final long deadline;
        private boolean over;
        private boolean expired;

        private Deadline(Thread reader, long deadline) {
            this.reader = reader;
            this.deadline = deadline;
        }

        synchronized void expire() {
            if (!over) {
                over = true;
                expired = true;
                reader.interrupt();
            }
        }

        /** @return true if the read finished in time; false if the deadline came first. Call on the reading thread. */
        boolean finish() {
            READING.remove(this);
            synchronized (this) {
                over = true;
                if (expired) {
                    Thread.interrupted();
                    return false;
                }
                return true;
            }
        }
    }
}
