package dev.sigil.service.jobs;

import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.ssh.KrlService;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.ssh.SshStore;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the SSH KRL tidy, once per period across the cluster. A revocation needs no job: it increases the KRL version
 * in its own transaction, and every node rebuilds its KRL at the next fetch that sees the new version
 * ({@link KrlService}), so nothing waits for a publication window. What changes with time alone is which revoked
 * certificates still need listing: once a revoked certificate has been expired for {@link #EXPIRED_GRACE}, no sshd
 * accepts it anyway, and this job moves the horizon past it, which is a new KRL version (audited). Then it builds the
 * KRL on the node that ran it, so a broken KRL (e.g. a CA key file missing) shows up in the job metrics.
 */
@DisallowConcurrentExecution
public final class KrlPublishJob implements Job {

    static final String JOB = "krl-publish";
    static final String TICK = "krl-tick";
    /** A revoked certificate stays listed this long after it expired (clock skew between CA, hosts and clients). */
    public static final Duration EXPIRED_GRACE = Duration.ofDays(1);
    private static final System.Logger LOG = System.getLogger(KrlPublishJob.class.getName());

    private final SshStore store;
    private final KrlService krl;
    private final Duration period;
    private final SigilMetrics metrics;
    private final Clock clock;

    public KrlPublishJob(SshStore store, KrlService krl, Duration period, SigilMetrics metrics, Clock clock) {
        this.store = store;
        this.krl = krl;
        this.period = period;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Registers the periodic tick (once per cluster). */
    public void schedule(SigilScheduler on) {
        on.every(TICK, KrlPublishJob.class, period);
    }

    @Override
    public void execute(JobExecutionContext context) {
        run();
    }

    /** One tick: tidy, then build. Failures are counted and logged; the next tick retries. */
    public void run() {
        metrics.jobRan(JOB);
        try {
            Instant now = clock.instant();
            Optional<Long> tidied = store.tidy(now.minus(EXPIRED_GRACE), now,
                    AuditEvent.success(now, "system", "ssh.krl.tidy", "", "dropped revoked certificates expired before "
                            + now.minus(EXPIRED_GRACE)));
            tidied.ifPresent(v -> LOG.log(System.Logger.Level.INFO, "KRL version {0}: expired revocations dropped", v));
            krl.current();
        } catch (RuntimeException e) {
            metrics.jobFailed(JOB);
            LOG.log(System.Logger.Level.WARNING, "KRL tidy failed, retried in {0}: {1}", period, e.getMessage());
        }
    }
}
