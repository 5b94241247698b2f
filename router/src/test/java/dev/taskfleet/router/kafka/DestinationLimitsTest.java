package dev.taskfleet.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.kafka.RecordSizeLimit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What the router sizes its records against, topic by topic, and the reason it gives. */
class DestinationLimitsTest {

    private static final int MAX_REQUEST_SIZE = 50_000;
    private static final String TIER = "t.tasks.fast";
    private static final String LANE = "t.tasks.fast.team-a";
    private static final String DLQ = "t.dlq";

    /** Every call of the reader, and what it answers: the tier and the lane are known, the DLQ is not. */
    private final List<List<String>> asked = new ArrayList<>();
    private final DestinationLimits limits = new DestinationLimits(
            RecordSizeLimit.of(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_SIZE)), this::read);

    private Map<String, Integer> read(Collection<String> topics) {
        asked.add(List.copyOf(topics));
        Map<String, Integer> known = Map.of(TIER, 20_000, LANE, 100_000);
        return known.entrySet().stream().filter(e -> topics.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void theSmallerOfTheTopicsAndTheProducersLimitBinds() {
        assertThat(limits.fits(record(TIER, 19_000))).isTrue();
        assertThat(limits.fits(record(TIER, 21_000))).as("the tier topic's 20,000 binds").isFalse();
        assertThat(limits.fits(record(LANE, 49_000))).isTrue();
        assertThat(limits.fits(record(LANE, 51_000))).as("max.request.size binds below the lane's 100,000").isFalse();
    }

    @Test
    void aTopicWhoseLimitCannotBeReadIsSizedAgainstMaxRequestSizeAloneAndNotAskedAgain() {
        assertThat(limits.fits(record(DLQ, 49_000))).isTrue();
        assertThat(limits.fits(record(DLQ, 51_000))).isFalse();
        assertThat(limits.maxMessageBytes(DLQ)).isEmpty();

        assertThat(asked).containsExactly(List.of(DLQ));
    }

    @Test
    void eachTopicIsReadOnceTopicsLearntTogetherInOneCall() {
        limits.learn(List.of(TIER, DLQ, TIER));
        limits.fits(record(TIER, 10));
        limits.fits(record(LANE, 10));
        limits.learn(List.of(TIER, LANE, DLQ));

        assertThat(asked).containsExactly(List.of(TIER, DLQ), List.of(LANE));
        assertThat(limits.maxMessageBytes(TIER)).isEqualTo(Optional.of(20_000));
    }

    @Test
    void theReasonNamesTheRecordsSizeTheTopicAndBothLimits() {
        ProducerRecord<byte[], byte[]> tooLarge = record(TIER, 21_000);

        assertThat(limits.tooLarge("the routed task", tooLarge)).isEqualTo("the routed task is "
                + RecordSizeLimit.sizeOf(tooLarge) + " bytes as a record on t.tasks.fast, more than the 20000 bytes "
                + "(topic t.tasks.fast's max.message.bytes 20000; max.request.size 50000) it takes");
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int valueBytes) {
        return new ProducerRecord<>(topic, "task-1".getBytes(StandardCharsets.UTF_8), new byte[valueBytes]);
    }
}
