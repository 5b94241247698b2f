package dev.taskfleet.router.kafka;

import dev.taskfleet.router.routing.AnsweredEscalations;
import dev.taskfleet.router.routing.RoutingTallies;
import java.util.ArrayList;
import java.util.List;

/**
 * What the router keeps about one Kafka transaction while it is open: the placements to tally,
 * the escalation requests it answers and the meters to count. All of it takes effect only through
 * {@link #committed()}; an aborted transaction's instance is simply dropped, so nothing of it is
 * remembered or counted and the records read again are decided afresh.
 *
 * <p>One per transaction, on the forwarding loop's thread.
 */
final class ForwardingTransaction {

    private final RoutingTallies tallies = new RoutingTallies();
    private final AnsweredEscalations.Claims escalations;
    private final List<Runnable> afterCommit = new ArrayList<>();

    ForwardingTransaction(AnsweredEscalations.Claims escalations) {
        this.escalations = escalations;
    }

    RoutingTallies tallies() {
        return tallies;
    }

    AnsweredEscalations.Claims escalations() {
        return escalations;
    }

    /** Runs {@code action} once the transaction committed (counting what it wrote). */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** The transaction committed: its escalation answers are remembered and its meters counted. */
    void committed() {
        escalations.commit();
        afterCommit.forEach(Runnable::run);
    }
}
