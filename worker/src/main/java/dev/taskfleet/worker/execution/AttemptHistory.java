package dev.taskfleet.worker.execution;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.worker.cost.CostModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's attempt history: the calls of earlier placements (from the routed task) followed by
 * this placement's, and the totals a result reports over all of them. Earlier placements' calls
 * were charged by the workers that made them; only {@link #placement()} is charged here.
 *
 * @param earlier   calls made on earlier placements, oldest first
 * @param placement calls made on this placement, oldest first
 */
public record AttemptHistory(List<AttemptRecord> earlier, List<AttemptRecord> placement) {

    public AttemptHistory {
        earlier = List.copyOf(earlier);
        placement = List.copyOf(placement);
    }

    /** Prices this placement's {@code calls} at the tier's price and names them with its tier and model. */
    public static AttemptHistory record(List<AttemptRecord> earlier, TierProfile tier, List<ModelCall> calls) {
        List<AttemptRecord> placement = new ArrayList<>(calls.size());
        for (ModelCall call : calls) {
            placement.add(new AttemptRecord(tier.tier(), tier.model(), call.outcome(), call.detail(),
                    call.latency().toMillis(), call.inputTokens(), call.outputTokens(),
                    CostModel.costUsd(tier.price(), call.inputTokens(), call.outputTokens())));
        }
        return new AttemptHistory(earlier, placement);
    }

    /** Earlier placements only: this placement made no call. */
    public static AttemptHistory before(List<AttemptRecord> earlier) {
        return new AttemptHistory(earlier, List.of());
    }

    /** Every call, oldest first: the result's and the escalation request's {@code history}. */
    public List<AttemptRecord> all() {
        List<AttemptRecord> all = new ArrayList<>(earlier.size() + placement.size());
        all.addAll(earlier);
        all.addAll(placement);
        return List.copyOf(all);
    }

    /** Model calls over every placement: the result's {@code attempts}. */
    public int attempts() {
        return earlier.size() + placement.size();
    }

    public long inputTokens() {
        return earlier.stream().mapToLong(AttemptRecord::inputTokens).sum()
                + placement.stream().mapToLong(AttemptRecord::inputTokens).sum();
    }

    public long outputTokens() {
        return earlier.stream().mapToLong(AttemptRecord::outputTokens).sum()
                + placement.stream().mapToLong(AttemptRecord::outputTokens).sum();
    }

    public double costUsd() {
        return earlier.stream().mapToDouble(AttemptRecord::costUsd).sum() + placementCostUsd();
    }

    public long placementInputTokens() {
        return placement.stream().mapToLong(AttemptRecord::inputTokens).sum();
    }

    public long placementOutputTokens() {
        return placement.stream().mapToLong(AttemptRecord::outputTokens).sum();
    }

    public double placementCostUsd() {
        return placement.stream().mapToDouble(AttemptRecord::costUsd).sum();
    }
}
