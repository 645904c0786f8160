package io.xiaoneng.approval.application.app;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs the {@link SupervisionSweep} every {@code xiaoneng.approval.supervision.interval} on every replica. A light
 * and a deemed acceptance only change when the date does (commands recompute their own case), so a run does
 * something only once per day — and again when the working-day calendar changed; otherwise it reads one row and
 * stops. With several replicas the first to take the sweep's advisory lock sweeps, the others skip.
 */
@ApplicationScoped
public class SupervisionJob {

    private static final Logger LOG = Logger.getLogger(SupervisionJob.class);

    @Inject
    SupervisionSweep sweep;

    @Scheduled(identity = "application-supervision", every = "${xiaoneng.approval.supervision.interval}",
            delayed = "${xiaoneng.approval.supervision.initial-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sweep.runIfDue();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Supervision sweep failed (rolled back as a whole); the next run tries again");
        }
    }

    /** Sweeps now, whether or not today was swept already (tests, benchmarks). */
    public SupervisionSweep.Result runOnce() {
        return sweep.runNow();
    }
}
