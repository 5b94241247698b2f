package dev.taskfleet.producer.batch;

import java.util.List;
import java.util.Map;

/**
 * What reading a batch came to.
 *
 * @param batchId         the batch's id
 * @param submitted       tasks found in the body (blank lines do not count)
 * @param accepted        valid tasks handed to the sink
 * @param rejectedCount   tasks (or broken parts of the body) not accepted
 * @param rejections      the first rejections, at most {@link BatchLimits#maxRejectionsReported()}
 * @param rejectedByField every rejection counted by {@link Rejection#field()}
 */
public record BatchOutcome(
        String batchId,
        long submitted,
        long accepted,
        long rejectedCount,
        List<Rejection> rejections,
        Map<String, Long> rejectedByField) {

    public BatchOutcome {
        rejections = List.copyOf(rejections);
        rejectedByField = Map.copyOf(rejectedByField);
    }
}
