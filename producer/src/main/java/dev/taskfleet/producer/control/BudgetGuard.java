package dev.taskfleet.producer.control;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.contract.BatchEvent;
import dev.taskfleet.producer.config.FleetConfig;
import dev.taskfleet.producer.metrics.ProducerMetrics;
import dev.taskfleet.producer.progress.TeamSpend;
import dev.taskfleet.producer.team.BudgetPolicy;
import dev.taskfleet.producer.team.SpendBudget;
import dev.taskfleet.producer.tracking.BatchTracking;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Stops running batches of teams that have spent a budget: every
 * {@code taskfleet.producer.budget-check-interval} it looks at the running batches this replica
 * tracks and, for each whose team's daily or monthly spend has reached its budget, publishes a
 * BUDGET_EXCEEDED event for the batch's newest run. Workers then end that run's tasks that have not
 * started BUDGET_EXCEEDED, without a model call; calls already in flight finish and are paid for.
 *
 * <p>Every replica runs the check on the same records, so two replicas may both stop a batch; the
 * second event changes nothing, and each replica skips a batch once it has read a stop of its
 * newest run (its state is then BUDGET_EXCEEDED, no longer RUNNING). Nothing is checked before the
 * tracker's first catch-up, when the spend and the states are still being replayed.
 */
@ApplicationScoped
public class BudgetGuard {

    private static final Logger LOG = Logger.getLogger(BudgetGuard.class);

    private final BatchActions actions;
    private final BatchTracking tracking;
    private final BudgetPolicy budgets;
    private final ProducerMetrics metrics;
    private final Clock clock;
    private final Duration interval;
    private final Set<String> watchedTeams = new HashSet<>();
    private ScheduledExecutorService timer;

    @Inject
    public BudgetGuard(BatchActions actions, BatchTracking tracking, BudgetPolicy budgets, ProducerMetrics metrics,
            Clock clock, FleetConfig config) {
        this.actions = actions;
        this.tracking = tracking;
        this.budgets = budgets;
        this.metrics = metrics;
        this.clock = clock;
        this.interval = config.producer().budgetCheckInterval();
    }

    void onStart(@Observes StartupEvent event) {
        if (!budgets.any()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "budget-guard");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::checkSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("spend budgets are checked every %s; running batches of a team over budget are stopped", interval);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (Exception e) {
            // A failed publication is retried at the next check; the thread must live on.
            LOG.warnf("budget check failed, retried in %s: %s", interval, e.toString());
        }
    }

    /** One pass: stops every running batch whose team's budget is spent. Visible for tests of the guard alone. */
    void check() throws Exception {
        if (!tracking.caughtUp()) {
            return;
        }
        Instant now = clock.instant();
        tracking.ledger().teams().forEach(this::watch);
        for (BatchStatus batch : tracking.ledger().running()) {
            Optional<SpendBudget.Exhausted> spent = exhausted(batch.team(), now);
            if (spent.isPresent()) {
                try {
                    ControlOutcome<Void> outcome = actions.locked(batch, current -> stop(current, spent.get()));
                    if (outcome instanceof ControlOutcome.Behind<Void> behind) {
                        LOG.infof("batch=%s team=%s not stopped at its budget yet, tried again in %s: %s",
                                batch.batchId(), batch.team(), interval, behind.detail());
                    }
                } catch (Exception e) {
                    // The other batches are still stopped in this pass; this one is tried again at the next.
                    LOG.warnf("batch=%s team=%s could not be stopped at its budget, tried again in %s: %s",
                            batch.batchId(), batch.team(), interval, e.toString());
                }
            }
        }
    }

    private ControlOutcome<Void> stop(BatchStatus now, SpendBudget.Exhausted budget) {
        if (now.state() == BatchState.RUNNING) {
            actions.record(now, BatchEvent.Type.BUDGET_EXCEEDED, 0, now.run(), null);
            metrics.batchStoppedAtBudget(now.team(), budget.limit());
            LOG.infof("batch=%s team=%s run %d stopped with %d tasks queued: the team spent %.4f USD of its %s of %.4f"
                    + " USD, which resets at %s", now.batchId(), now.team(), now.run(), now.queued(), budget.spentUsd(),
                    budget.limit(), budget.budgetUsd(), budget.resetsAt());
        }
        return new ControlOutcome.Done<>(null);
    }

    private Optional<SpendBudget.Exhausted> exhausted(String team, Instant now) {
        return tracking.ledger().overBudget(team, budgets.budgetFor(team), now);
    }

    /** Spend gauges for every team with a batch while budgets are on. */
    private void watch(String team) {
        if (watchedTeams.add(team)) {
            SpendBudget budget = budgets.budgetFor(team);
            metrics.watchTeamSpend(team, () -> {
                TeamSpend.Spent spent = tracking.ledger().spent(team, clock.instant());
                return new double[] {spent.dayUsd(), spent.monthUsd()};
            }, budget.dailyUsd(), budget.monthlyUsd());
        }
    }
}
