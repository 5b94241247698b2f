package dev.taskfleet.worker.batch.kafka;

import static dev.taskfleet.testkit.ResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ProviderBatchRequest;
import dev.taskfleet.contract.ResultErrorCodes;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.RecordSizeLimit;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.worker.batch.RequestResolver;
import dev.taskfleet.worker.execution.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** How a finished request's record is kept within the producer's {@code max.request.size} and its topic's {@code max.message.bytes}. */
class TierRecordsTest {

    private static final TopicNames TOPICS = new TopicNames("tier-records");
    private static final String ANSWER = "word ".repeat(2_000);
    private static final RoutedTask ROUTED = TaskBuilder.task().id("t-1").batch("b-1").prompt("write").routedTo("fast");
    private static final ProviderBatchRequest REQUEST = new ProviderBatchRequest(EventCodec.SCHEMA_VERSION, "pb-1",
            "pb-1-0-t-1", ROUTED, List.of());
    private static final TaskResult ANSWERED = aResult().taskId("t-1").batch("b-1").succeeded(ANSWER).tokens(10, 2_000)
            .cost(0.01).build();

    @Test
    void aResultWithinTheLimitIsWrittenAsItIs() {
        TierRecords.Written written = records(1_000_000).finished(3, REQUEST, finished(ANSWERED));

        assertThat(written.record().topic()).isEqualTo(TOPICS.results());
        assertThat(result(written.record()).output()).isEqualTo(ANSWER);
        assertThat(written.finished().verdict()).isEqualTo(new Verdict.Final(ANSWERED));
    }

    @Test
    void anAnswerTooLargeBecomesAFailedResultWithoutItKeepingTokensAndCost() {
        TierRecords.Written written = records(5_000).finished(3, REQUEST, finished(ANSWERED));

        TaskResult failed = result(written.record());
        assertThat(failed.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(failed.output()).isNull();
        assertThat(failed.error().code()).isEqualTo(ResultErrorCodes.OUTPUT_TOO_LARGE);
        assertThat(failed.outputTokens()).isEqualTo(2_000);
        assertThat(failed.costUsd()).isEqualTo(0.01);
        assertThat(written.finished().verdict()).as("counted as it is written").isEqualTo(new Verdict.Final(failed));
    }

    @Test
    void aResultTooLargeEvenWithoutTheAnswerDeadLettersTheRoutedTask() {
        RecordSizeLimit limit = RecordSizeLimit.of(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 200));
        TierRecords.Written written = new TierRecords(TOPICS, limit).finished(3, REQUEST, finished(ANSWERED));

        ProducerRecord<byte[], byte[]> copy = written.record();
        assertThat(copy.topic()).isEqualTo(TOPICS.deadLetters());
        assertThat(text(copy.key())).isEqualTo("t-1");
        assertThat(text(copy.value())).isEqualTo(EventCodec.encode(ROUTED));
        assertThat(header(copy, DeadLetterHeaders.REASON_CODE)).isEqualTo(DeadLetterReasons.WORKER_ERROR);
        assertThat(header(copy, DeadLetterHeaders.REASON)).contains("more than the 200 bytes (max.request.size");
        assertThat(header(copy, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(TOPICS.providerBatches());
        assertThat(header(copy, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("3");
    }

    /** The results topic's {@code max.message.bytes} below the producer's limit binds the same way, and is named. */
    @Test
    void theResultsTopicsSmallerLimitBindsAndIsNamed() {
        RecordSizeLimit limit = RecordSizeLimit.of(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000))
                .withTopicLimits(Map.of(TOPICS.results(), 5_000));
        TierRecords.Written tooLarge = new TierRecords(TOPICS, limit).finished(3, REQUEST, finished(ANSWERED));
        assertThat(result(tooLarge.record()).error().code()).isEqualTo(ResultErrorCodes.OUTPUT_TOO_LARGE);

        RecordSizeLimit tiny = limit.withTopicLimits(Map.of(TOPICS.results(), 200));
        ProducerRecord<byte[], byte[]> copy = new TierRecords(TOPICS, tiny).finished(3, REQUEST, finished(ANSWERED))
                .record();
        assertThat(copy.topic()).isEqualTo(TOPICS.deadLetters());
        assertThat(header(copy, DeadLetterHeaders.REASON)).contains("more than the 200 bytes (topic "
                + TOPICS.results() + "'s max.message.bytes 200; max.request.size 1000000)");
    }

    private static TierRecords records(int maxRequestSize) {
        return new TierRecords(TOPICS, RecordSizeLimit.of(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize)));
    }

    private static RequestResolver.Finished finished(TaskResult result) {
        return new RequestResolver.Finished(new Verdict.Final(result), null);
    }

    private static TaskResult result(ProducerRecord<byte[], byte[]> record) {
        try {
            return EventCodec.decodeResult(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return text(record.headers().lastHeader(name).value());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
