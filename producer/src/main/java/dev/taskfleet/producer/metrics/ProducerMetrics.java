package dev.taskfleet.producer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;

/**
 * Every meter the producer publishes (Kafka's own client metrics aside, which
 * {@link dev.taskfleet.producer.publish.TaskPublisher} binds). Names are dot-separated and
 * counters carry no {@code total} suffix; Prometheus adds {@code _total} and unit suffixes.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@value #TASKS_ACCEPTED}</td><td>counter</td><td>-</td></tr>
 * <tr><td>{@value #TASKS_REJECTED}</td><td>counter</td><td>{@code field}</td></tr>
 * <tr><td>{@value #BATCHES_ACCEPTED}</td><td>counter</td><td>-</td></tr>
 * <tr><td>{@value #BATCH_SUBMISSION}</td><td>timer, percentile histogram</td><td>{@code outcome}</td></tr>
 * </table>
 */
@ApplicationScoped
public class ProducerMetrics {

    public static final String TASKS_ACCEPTED = "taskfleet.tasks.accepted";
    public static final String TASKS_REJECTED = "taskfleet.tasks.rejected";
    public static final String BATCHES_ACCEPTED = "taskfleet.batches.accepted";
    public static final String BATCH_SUBMISSION = "taskfleet.batch.submission";

    /** Tag of {@link #TASKS_REJECTED}: what was wrong, from {@link dev.taskfleet.producer.batch.RejectionField}. */
    public static final String FIELD_TAG = "field";
    /** Tag of {@link #BATCH_SUBMISSION}: how the submission ended, one of {@link Outcome}. */
    public static final String OUTCOME_TAG = "outcome";

    /** How a batch submission ended; the values of the {@code outcome} tag. */
    public enum Outcome {
        /** 202: valid tasks published. */
        ACCEPTED("accepted"),
        /** 400: no valid task, or the body could not be read. */
        INVALID("invalid"),
        /** 413: over the byte or task limit. */
        TOO_LARGE("too_large"),
        /** 415: neither NDJSON nor JSON. */
        UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
        /** 503: Kafka did not take every task. */
        PUBLISH_FAILED("publish_failed");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final MeterRegistry registry;
    private final Counter tasksAccepted;
    private final Counter batchesAccepted;

    @Inject
    public ProducerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.tasksAccepted = Counter.builder(TASKS_ACCEPTED)
                .description("Tasks validated and acknowledged by Kafka on the tasks topic")
                .register(registry);
        this.batchesAccepted = Counter.builder(BATCHES_ACCEPTED)
                .description("Batches answered 202 Accepted")
                .register(registry);
    }

    public void tasksAccepted(long count) {
        tasksAccepted.increment(count);
    }

    public void tasksRejected(Map<String, Long> byField) {
        byField.forEach((field, count) -> Counter.builder(TASKS_REJECTED)
                .description("Submitted tasks refused, by what was wrong with them")
                .tag(FIELD_TAG, field)
                .register(registry)
                .increment(count));
    }

    public void batchAccepted() {
        batchesAccepted.increment();
    }

    public Timer.Sample startSubmission() {
        return Timer.start(registry);
    }

    public void submissionEnded(Timer.Sample sample, Outcome outcome) {
        sample.stop(Timer.builder(BATCH_SUBMISSION)
                .description("Time from receiving a batch to answering it, including Kafka's acknowledgements")
                .tag(OUTCOME_TAG, outcome.tag())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry));
    }
}
