package dev.sigil.service.jobs;

import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quartz with the JDBC job store on Sigil's own database (tables from Flyway V5), clustered: every node runs a
 * scheduler under the same name, the QRTZ_LOCKS row locks make each trigger fire on exactly one node, and a
 * node that dies mid-job has the job recovered by another. Jobs are the instances given here (they call services
 * that tests call directly), not classes Quartz instantiates.
 */
public final class SigilScheduler implements AutoCloseable {

    /** One schedule per database: the cluster is everyone sharing the QRTZ_ tables under this name. */
    static final String CLUSTER = "sigil";
    static final String GROUP = "sigil";
    /** A trigger this late counts as misfired and gets its misfire instruction (fire now) on start or recovery. */
    static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(10);
    static final Duration CLUSTER_CHECKIN = Duration.ofSeconds(5);
    /**
     * How long Quartz waits before retrying a database operation that failed. Its default, 15 s, left a trigger that
     * could not fire during an outage waiting ~30 s after the database was back (release, then misfire handling).
     * An attempt already waits for the pool's connection timeout (5 s), so an outage costs one attempt per ~7 s.
     */
    static final Duration DB_RETRY = Duration.ofSeconds(2);

    private static final System.Logger LOG = System.getLogger(SigilScheduler.class.getName());

    private final Scheduler quartz;
    private final Set<String> addedJobs = ConcurrentHashMap.newKeySet();

    private SigilScheduler(Scheduler quartz) {
        this.quartz = quartz;
    }

    /**
     * Starts the scheduler.
     *
     * @param node a name unique to this process (the Quartz instance id shown in QRTZ_SCHEDULER_STATE)
     * @param jobs the job instances, by class, that triggers may name
     */
    public static SigilScheduler start(DataSource dataSource, String node, int threads, Map<Class<? extends Job>, Job> jobs) {
        // Quartz finds its data source by name in a JVM-wide registry; a unique name per scheduler keeps several
        // in-process nodes (tests) apart.
        String dataSourceName = "sigil-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PoolProvider(dataSource));
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", CLUSTER);
        p.setProperty("org.quartz.scheduler.instanceId", node);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(CLUSTER_CHECKIN.toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_THRESHOLD.toMillis()));
        p.setProperty("org.quartz.jobStore.dbRetryInterval", Long.toString(DB_RETRY.toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.useProperties", "true"); // job data as strings, no Java serialization
        try {
            Scheduler quartz = new StdSchedulerFactory(p).getScheduler();
            // The factory also registers the scheduler JVM-wide by cluster name, which would hand a second in-process
            // node this one; nothing here looks schedulers up by name, so take it out again.
            SchedulerRepository.getInstance().remove(CLUSTER);
            quartz.setJobFactory((bundle, scheduler) -> {
                Job job = jobs.get(bundle.getJobDetail().getJobClass());
                if (job == null) {
                    throw new SchedulerException("no instance for job " + bundle.getJobDetail().getJobClass().getName());
                }
                return job;
            });
            quartz.start();
            return new SigilScheduler(quartz);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * Reports every job run on this node to {@code metrics}: how late it started (scheduled fire time to actual) and
     * when it last ended without error. Returns this scheduler.
     */
    public SigilScheduler observe(dev.sigil.service.metrics.SigilMetrics metrics) {
        try {
            quartz.getListenerManager().addJobListener(new org.quartz.listeners.JobListenerSupport() {
                @Override
                public String getName() {
                    return "sigil-metrics";
                }

                @Override
                public void jobToBeExecuted(org.quartz.JobExecutionContext context) {
                    if (context.getScheduledFireTime() != null && context.getFireTime() != null) {
                        metrics.jobLag(context.getJobDetail().getKey().getName(), java.time.Duration.ofMillis(
                                context.getFireTime().getTime() - context.getScheduledFireTime().getTime()));
                    }
                }

                @Override
                public void jobWasExecuted(org.quartz.JobExecutionContext context,
                                           org.quartz.JobExecutionException failure) {
                    if (failure == null) {
                        metrics.jobSucceeded(context.getJobDetail().getKey().getName(), java.time.Instant.now());
                    }
                }
            });
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot observe the scheduler: " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Makes sure a job runs every {@code interval}, first at once. Idempotent across restarts and nodes: an
     * existing trigger with the same interval is left alone (its schedule carries on), a different one replaced.
     * A tick missed while every node was down fires as soon as one starts (misfire: now, keep the interval).
     */
    public void every(String name, Class<? extends Job> job, Duration interval) {
        TriggerKey key = TriggerKey.triggerKey(name, GROUP);
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(jobKey(name))
                .startNow()
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever().withIntervalInMilliseconds(interval.toMillis())
                        .withMisfireHandlingInstructionNowWithExistingCount())
                .build();
        try {
            addJob(name, job);
            Trigger existing = quartz.getTrigger(key);
            if (existing instanceof SimpleTrigger s && s.getRepeatInterval() == interval.toMillis()) {
                return;
            }
            if (existing != null) {
                quartz.rescheduleJob(key, trigger);
            } else {
                quartz.scheduleJob(trigger);
            }
        } catch (ObjectAlreadyExistsException e) {
            // another node scheduled it at the same moment: one trigger, as wanted
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fires a job once at {@code at}, unless a trigger of this name is already waiting (then this is a no-op and
     * returns false: that is how bursts coalesce). The name should include what makes it distinct.
     */
    public boolean once(String jobName, Class<? extends Job> job, String triggerName, Instant at, Map<String, String> data) {
        TriggerBuilder<Trigger> b = TriggerBuilder.newTrigger().withIdentity(triggerName, GROUP).forJob(jobKey(jobName))
                .startAt(Date.from(at));
        data.forEach(b::usingJobData);
        Trigger trigger = b.withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            addJob(jobName, job);
            quartz.scheduleJob(trigger);
            return true;
        } catch (ObjectAlreadyExistsException e) {
            return false;
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule " + triggerName + ": " + e.getMessage(), e);
        }
    }

    private void addJob(String name, Class<? extends Job> job) throws SchedulerException {
        if (addedJobs.contains(name)) {
            return;
        }
        JobDetail detail = JobBuilder.newJob(job).withIdentity(jobKey(name)).storeDurably().requestRecovery().build();
        try {
            quartz.addJob(detail, false);
        } catch (ObjectAlreadyExistsException e) {
            // stored by an earlier start or another node
        }
        addedJobs.add(name);
    }

    private static JobKey jobKey(String name) {
        return JobKey.jobKey(name, GROUP);
    }

    /** Waits for running jobs, then stops; the schedule stays in the database for the other nodes and the next start. */
    @Override
    public void close() {
        try {
            quartz.shutdown(true);
        } catch (SchedulerException e) {
            LOG.log(System.Logger.Level.WARNING, "scheduler shutdown: {0}", e.getMessage());
        }
    }

    /** Hands Quartz connections from Sigil's pool (Quartz commits and closes them itself). */
    private record PoolProvider(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool belongs to the Database, which closes it
        }

        @Override
        public void initialize() {
        }
    }
}
