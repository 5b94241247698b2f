package dev.taskfleet.producer.progress;

import dev.taskfleet.api.TierCounts;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TierRouting;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;

/**
 * One tier of one batch: what the router placed there (summed from its ROUTED tallies over every
 * run), how many of the tier's results a later run replaced, and when results finished there.
 * Every field is a sum, a minimum or a maximum, so the order records are read in does not change
 * it. Not thread-safe: {@link BatchLedger} guards it.
 */
final class TierProgress {

    private long routed;
    private long escalatedIn;
    private long escalatedOut;
    private long escalationsRefused;
    private long replacedByRerun;
    private Instant firstResultAt;
    private Instant lastResultAt;

    void add(TierRouting counts) {
        routed += counts.routed();
        escalatedIn += counts.escalatedIn();
        escalatedOut += counts.escalatedOut();
        escalationsRefused += counts.escalationsRefused();
    }

    /** A result on this tier was counted. */
    void finishedAt(Instant at) {
        firstResultAt = firstResultAt == null || at.isBefore(firstResultAt) ? at : firstResultAt;
        lastResultAt = lastResultAt == null || at.isAfter(lastResultAt) ? at : lastResultAt;
    }

    /** A task's result on this tier was replaced by the result of its re-run. */
    void replacedByRerun() {
        replacedByRerun++;
    }

    /**
     * The tier's counts.
     *
     * @param statusCounts    finished tasks on the tier, indexed by {@link ResultStatus} ordinal
     * @param waitingForRerun tasks whose failed result on this tier a retry is re-running
     * @param batchWorkLeft   whether the batch may have a task without a final result
     */
    TierCounts counts(long[] statusCounts, long waitingForRerun, boolean batchWorkLeft) {
        long succeeded = statusCounts[ResultStatus.SUCCEEDED.ordinal()];
        long failed = statusCounts[ResultStatus.FAILED.ordinal()];
        // Tasks that never ran: cancelled, or stopped at the team's budget.
        long cancelled = statusCounts[ResultStatus.CANCELLED.ordinal()]
                + statusCounts[ResultStatus.BUDGET_EXCEEDED.ordinal()];
        long finished = succeeded + failed + cancelled;
        long retried = replacedByRerun + waitingForRerun;
        long placed = routed + escalatedIn - escalatedOut - retried;
        // A tally can be read after the results of its placements, and a batch with nothing queued
        // has nothing queued on any tier: the tallies then give way to the results.
        long queued = batchWorkLeft ? Math.max(0, placed - finished) : 0;
        double throughput = Rates.perSecond(finished, firstResultAt, lastResultAt);
        return new TierCounts(succeeded, failed, cancelled, finished, routed, escalatedIn, escalatedOut,
                escalationsRefused, retried, finished + queued, throughput, Rates.etaSeconds(queued, throughput));
    }

    /** For a {@linkplain LedgerSnapshot snapshot}. */
    void writeTo(DataOutput out) throws IOException {
        out.writeLong(routed);
        out.writeLong(escalatedIn);
        out.writeLong(escalatedOut);
        out.writeLong(escalationsRefused);
        out.writeLong(replacedByRerun);
        LedgerSnapshot.writeInstant(out, firstResultAt);
        LedgerSnapshot.writeInstant(out, lastResultAt);
    }

    static TierProgress readFrom(DataInput in) throws IOException {
        TierProgress tier = new TierProgress();
        tier.routed = in.readLong();
        tier.escalatedIn = in.readLong();
        tier.escalatedOut = in.readLong();
        tier.escalationsRefused = in.readLong();
        tier.replacedByRerun = in.readLong();
        tier.firstResultAt = LedgerSnapshot.readInstant(in);
        tier.lastResultAt = LedgerSnapshot.readInstant(in);
        return tier;
    }
}
