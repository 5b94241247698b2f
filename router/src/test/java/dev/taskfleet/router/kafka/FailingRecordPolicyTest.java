package dev.taskfleet.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.kafka.DeadLetter;
import dev.taskfleet.kafka.DeadLetterRecords;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

/** The policy for inputs whose transaction keeps aborting, without a broker: it only reads what was sent. */
class FailingRecordPolicyTest {

    private static final ConsumerRecord<byte[], byte[]> INPUT =
            new ConsumerRecord<>("fleet.tasks", 0, 7L, new byte[] {1}, new byte[] {2, 3});
    /** The first offset the aborted transaction read on each partition. */
    private static final Map<TopicPartition, Long> BATCH = Map.of(new TopicPartition("fleet.tasks", 0), INPUT.offset());
    private static final ProducerRecord<byte[], byte[]> DEAD_LETTER = DeadLetterRecords.of("fleet.dlq", INPUT,
            new DeadLetter(DeadLetterReasons.UNPARSEABLE, "not JSON", DeadLetterHeaders.ROUTER));

    private static FailingRecordPolicy.Sent failed(ProducerRecord<byte[], byte[]> out, Exception error) {
        return new FailingRecordPolicy.Sent(INPUT, out, CompletableFuture.<RecordMetadata>failedFuture(error));
    }

    @Test
    void aDeadLetterTooLargeIsRetriedWithoutItsValueUntilATransactionCommits() {
        FailingRecordPolicy policy = new FailingRecordPolicy(3);
        assertThat(policy.outgoing(INPUT, DEAD_LETTER)).isSameAs(DEAD_LETTER);

        policy.aborted(BATCH, List.of(failed(DEAD_LETTER, new RecordTooLargeException("too large"))));

        assertThat(policy.outgoing(INPUT, DEAD_LETTER).value()).isNull();
        policy.committed();
        assertThat(policy.outgoing(INPUT, DEAD_LETTER)).isSameAs(DEAD_LETTER);
    }

    @Test
    void givesUpAfterTheLimitOfAbortsInARowOnTheSameInputNamingIt() {
        FailingRecordPolicy policy = new FailingRecordPolicy(3);
        ProducerRecord<byte[], byte[]> routed = new ProducerRecord<>("fleet.tasks.fast", new byte[] {9});
        List<FailingRecordPolicy.Sent> sent = List.of(failed(routed, new RecordTooLargeException("too large")));

        policy.aborted(BATCH, sent);
        policy.aborted(BATCH, sent);

        assertThatThrownBy(() -> policy.aborted(BATCH, sent)).isInstanceOf(FatalForwardingException.class)
                .hasMessageContaining("3 transactions in a row aborted on record fleet.tasks-0@7")
                .hasMessageContaining("fleet.tasks.fast");
    }

    @Test
    void aCommitInBetweenStartsTheCountAgain() {
        FailingRecordPolicy policy = new FailingRecordPolicy(2);
        List<FailingRecordPolicy.Sent> sent = List.of(failed(DEAD_LETTER, new NetworkException("broker away")));

        policy.aborted(BATCH, sent);
        policy.committed();
        policy.aborted(BATCH, sent);

        assertThatThrownBy(() -> policy.aborted(BATCH, sent)).isInstanceOf(FatalForwardingException.class);
    }
}
