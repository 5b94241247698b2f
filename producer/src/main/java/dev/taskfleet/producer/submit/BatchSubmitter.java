package dev.taskfleet.producer.submit;

import dev.taskfleet.producer.batch.BatchFormat;
import dev.taskfleet.producer.batch.BatchOutcome;
import dev.taskfleet.producer.batch.BatchReader;
import dev.taskfleet.producer.batch.BatchTooLargeException;
import dev.taskfleet.producer.metrics.ProducerMetrics;
import dev.taskfleet.producer.publish.BatchPublication;
import dev.taskfleet.producer.publish.PublishFailedException;
import dev.taskfleet.producer.publish.TaskPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Streams a batch from the body into Kafka: each valid task is sent as soon as it is read, and
 * the result is known only once the broker has answered every send, so "accepted" means
 * durable. Blocks the calling (worker) thread while the body streams in.
 */
@ApplicationScoped
public class BatchSubmitter {

    private static final Logger LOG = Logger.getLogger(BatchSubmitter.class);

    private final BatchReader reader;
    private final TaskPublisher publisher;
    private final ProducerMetrics metrics;

    @Inject
    public BatchSubmitter(BatchReader reader, TaskPublisher publisher, ProducerMetrics metrics) {
        this.reader = reader;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** The largest body accepted, for refusing a declared length before reading any of it. */
    public long maxBatchBytes() {
        return reader.limits().maxBytes();
    }

    public SubmissionResult submit(InputStream body, BatchFormat format) {
        String batchId = UUID.randomUUID().toString();
        BatchPublication publication = publisher.open(batchId);
        SubmissionResult result;
        try {
            BatchOutcome outcome = reader.read(body, format, batchId, publication);
            publication.finish();
            metrics.tasksRejected(outcome.rejectedByField());
            result = outcome.accepted() == 0 ? new SubmissionResult.NothingValid(outcome)
                    : new SubmissionResult.Accepted(outcome);
        } catch (BatchTooLargeException e) {
            result = new SubmissionResult.TooLarge(batchId, e, publication.settle());
        } catch (PublishFailedException e) {
            result = new SubmissionResult.PublishFailed(batchId, e.getMessage(), publication.settle());
        } catch (IOException e) {
            result = new SubmissionResult.Unreadable(batchId, e.getMessage(), publication.settle());
        }
        metrics.tasksAccepted(result.published());
        log(format, result);
        return result;
    }

    private static void log(BatchFormat format, SubmissionResult result) {
        if (result instanceof SubmissionResult.Accepted accepted) {
            BatchOutcome o = accepted.outcome();
            LOG.infof("batch=%s format=%s accepted=%d rejected=%d", o.batchId(), format, o.accepted(), o.rejectedCount());
        } else if (result instanceof SubmissionResult.NothingValid invalid) {
            LOG.infof("batch=%s format=%s refused: no valid task among %d", invalid.batchId(), format,
                    invalid.outcome().submitted());
        } else if (result instanceof SubmissionResult.TooLarge tooLarge) {
            LOG.warnf("batch=%s format=%s refused: %s; published=%d", tooLarge.batchId(), format,
                    tooLarge.limit().getMessage(), tooLarge.published());
        } else if (result instanceof SubmissionResult.PublishFailed failed) {
            LOG.errorf("batch=%s format=%s %s; published=%d", failed.batchId(), format, failed.reason(), failed.published());
        } else if (result instanceof SubmissionResult.Unreadable unreadable) {
            LOG.warnf("batch=%s format=%s body could not be read: %s; published=%d", unreadable.batchId(), format,
                    unreadable.reason(), unreadable.published());
        }
    }
}
