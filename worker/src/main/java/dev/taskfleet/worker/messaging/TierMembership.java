package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.ratelimit.TierRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.jboss.logging.Logger;

/**
 * Splits the tier's rate-limit quotas among the pods serving it: every {@code interval} it asks
 * the broker for the members of the tier's consumer group. The group is what Kafka balances the
 * tier's work over, so it moves with every scale event, crash and rolling restart without knowing
 * about Kubernetes. Every member counts, also one that holds no partition at that moment: members
 * are without partitions mostly while the group rebalances, and counting them errs towards a
 * smaller share, never towards exceeding the quota (the chart keeps pods at most the partitions).
 *
 * <p>A failed look-up keeps the last split and logs once until one succeeds again: a stale split
 * errs by at most the scale events since, and 429s still slow the pods down meanwhile. An empty
 * group (this pod not yet joined, no other pod) keeps the split too.
 */
public final class TierMembership implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TierMembership.class);

    private final Admin admin;
    private final String groupId;
    private final TierRateLimiter limiter;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private boolean failing;

    /**
     * @param admin   closed with this
     * @param timeout longest one look-up may take
     */
    public TierMembership(Admin admin, String groupId, TierRateLimiter limiter, Duration timeout) {
        this.admin = admin;
        this.groupId = groupId;
        this.limiter = limiter;
        this.timeout = timeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "quota-split-" + groupId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Looks up the group now and then every {@code interval}, until closed. */
    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
            if (failing) {
                LOG.infof("group %s can be described again; quotas are split among %d pods", groupId, limiter.pods());
                failing = false;
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (!failing) {
                LOG.warnf("cannot describe consumer group %s (%s); the rate-limit quotas stay split among %d pods "
                        + "until it can", groupId, e.getMessage(), limiter.pods());
                failing = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One look-up: returns the members of the group now, and splits the quotas among them if any. */
    int refresh() throws ExecutionException, InterruptedException, TimeoutException {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                .get(groupId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        int serving = group.members().size();
        if (serving > 0 && serving != limiter.pods()) {
            LOG.infof("%d pods in group %s now: each takes 1/%d of the tier's rate-limit quotas", serving, groupId,
                    serving);
            limiter.splitAmong(serving);
        }
        return serving;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(timeout);
    }
}
