package dev.sigil.service.jobs;

import dev.sigil.service.managed.ManagedService;
import dev.sigil.service.metrics.SigilMetrics;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import java.time.Duration;

/**
 * Renews the managed certificates that are due and revokes superseded versions past their grace period. Clustered
 * and not concurrent, so one node runs it per tick; the compare-and-set claim in {@link ManagedService} keeps a
 * renewal single even if two runs overlapped (a node's clock ahead, a recovered job).
 */
@DisallowConcurrentExecution
public final class ManagedRenewalJob implements Job {

    static final String JOB = "managed-renewal";
    private static final System.Logger LOG = System.getLogger(ManagedRenewalJob.class.getName());

    private final ManagedService managed;
    private final Duration interval;
    private final SigilMetrics metrics;

    public ManagedRenewalJob(ManagedService managed, Duration interval, SigilMetrics metrics) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the managed certificate check interval must be positive");
        }
        this.managed = managed;
        this.interval = interval;
        this.metrics = metrics;
    }

    /** Registers the periodic tick (once per cluster). */
    public void schedule(SigilScheduler on) {
        on.every(JOB, ManagedRenewalJob.class, interval);
    }

    @Override
    public void execute(JobExecutionContext context) {
        run();
    }

    /** One tick; each half runs even if the other failed (a failure here is a database that did not answer). */
    void run() {
        metrics.jobRan(JOB);
        try {
            managed.renewDue();
        } catch (RuntimeException e) {
            metrics.jobFailed(JOB);
            LOG.log(System.Logger.Level.WARNING, "looking for due managed certificates failed, retried in {0}: {1}",
                    interval, e.getMessage());
        }
        try {
            managed.revokeSuperseded();
        } catch (RuntimeException e) {
            metrics.jobFailed(JOB);
            LOG.log(System.Logger.Level.WARNING, "revoking superseded managed certificates failed, retried in {0}: {1}",
                    interval, e.getMessage());
        }
    }
}
