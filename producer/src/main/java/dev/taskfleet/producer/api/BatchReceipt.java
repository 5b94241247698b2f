package dev.taskfleet.producer.api;

import dev.taskfleet.producer.batch.BatchOutcome;
import java.util.List;

/**
 * The 202 reply: the batch's id, how many tasks Kafka holds durably, and what was refused.
 *
 * @param batchId       the id every accepted task carries
 * @param accepted      tasks published and acknowledged by the broker
 * @param rejectedCount every refused task, even those beyond the listed ones
 * @param rejected      the first refused tasks, at most {@code taskfleet.producer.max-rejections-reported}
 */
public record BatchReceipt(String batchId, long accepted, long rejectedCount, List<RejectedTask> rejected) {

    static BatchReceipt of(BatchOutcome outcome) {
        return new BatchReceipt(outcome.batchId(), outcome.accepted(), outcome.rejectedCount(),
                outcome.rejections().stream().map(RejectedTask::of).toList());
    }
}
