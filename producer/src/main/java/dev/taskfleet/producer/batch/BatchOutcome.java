package dev.taskfleet.producer.batch;

import dev.taskfleet.contract.Priority;
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
 * @param acceptedByPriority the accepted tasks per class they carry (the batch's or their own, or bulk
 *                        past the team's {@code bulk-above-tasks}); classes without tasks absent
 */
public record BatchOutcome(
        String batchId,
        long submitted,
        long accepted,
        long rejectedCount,
        List<Rejection> rejections,
        Map<String, Long> rejectedByField,
        Map<Priority, Long> acceptedByPriority) {

    public BatchOutcome {
        rejections = List.copyOf(rejections);
        rejectedByField = Map.copyOf(rejectedByField);
        acceptedByPriority = Map.copyOf(acceptedByPriority);
    }
}
