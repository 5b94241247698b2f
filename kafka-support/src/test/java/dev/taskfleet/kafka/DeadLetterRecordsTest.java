package dev.taskfleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.contract.DeadLetterHeaders;
import dev.taskfleet.contract.DeadLetterReasons;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {

    private static final DeadLetter WHY = new DeadLetter(DeadLetterReasons.INVALID_TASK, "field 'prompt': missing",
            DeadLetterHeaders.ROUTER);
    private static final byte[] KEY = {1, 2, 3};
    private static final byte[] VALUE = {(byte) 0xff, 0, 42};

    private static ConsumerRecord<byte[], byte[]> source(Headers headers) {
        return new ConsumerRecord<>("fleet.tasks", 4, 17L, 0L, TimestampType.CREATE_TIME, KEY.length, VALUE.length,
                KEY, VALUE, headers, Optional.empty());
    }

    @Test
    void keepsKeyValueAndTheSourcesHeadersAndSaysWhereFromAndWhy() {
        RecordHeaders traced = new RecordHeaders();
        traced.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.of("fleet.dlq", source(traced), WHY);

        assertThat(letter.topic()).isEqualTo("fleet.dlq");
        assertThat(letter.key()).isEqualTo(KEY);
        assertThat(letter.value()).isEqualTo(VALUE);
        assertThat(letter.partition()).isNull();
        assertThat(header(letter.headers(), "traceparent")).isEqualTo("00-abc-def-01");
        assertThat(header(letter.headers(), DeadLetterHeaders.REASON)).isEqualTo("field 'prompt': missing");
        assertThat(header(letter.headers(), DeadLetterHeaders.REASON_CODE)).isEqualTo("INVALID_TASK");
        assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("fleet.tasks");
        assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("4");
        assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("17");
        assertThat(header(letter.headers(), DeadLetterHeaders.SERVICE)).isEqualTo("router");
        assertThat(DeadLetterRecords.isDeadLetter(letter)).isTrue();
        assertThat(DeadLetterRecords.isDeadLetter(new ProducerRecord<>("fleet.results", VALUE))).isFalse();
    }

    @Test
    void dropsDeadLetterHeadersOfAnEarlierTripSoEachAppearsOnce() {
        RecordHeaders replayed = new RecordHeaders();
        replayed.add(DeadLetterHeaders.REASON_CODE, "UNPARSEABLE".getBytes(StandardCharsets.UTF_8));
        replayed.add(DeadLetterHeaders.SOURCE_OFFSET, "3".getBytes(StandardCharsets.UTF_8));

        Headers headers = DeadLetterRecords.of("fleet.dlq", source(replayed), WHY).headers();

        assertThat(keys(headers)).containsOnlyOnce(DeadLetterHeaders.REASON_CODE, DeadLetterHeaders.SOURCE_OFFSET);
        assertThat(header(headers, DeadLetterHeaders.REASON_CODE)).isEqualTo("INVALID_TASK");
        assertThat(header(headers, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("17");
    }

    @Test
    void withoutValueKeepsEverythingButTheValueAndSaysItWasDropped() {
        ProducerRecord<byte[], byte[]> letter = DeadLetterRecords.of("fleet.dlq", source(new RecordHeaders()), WHY);

        ProducerRecord<byte[], byte[]> small = DeadLetterRecords.withoutValue(letter);

        assertThat(small.value()).isNull();
        assertThat(small.key()).isEqualTo(KEY);
        assertThat(header(small.headers(), DeadLetterHeaders.REASON))
                .isEqualTo("field 'prompt': missing " + DeadLetterRecords.VALUE_DROPPED);
        assertThat(header(small.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("17");
        assertThat(keys(small.headers())).containsOnlyOnce(DeadLetterHeaders.REASON);
        assertThat(DeadLetterRecords.isDeadLetter(small)).isTrue();
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> keys(Headers headers) {
        List<String> keys = new ArrayList<>();
        headers.forEach(h -> keys.add(h.key()));
        return keys;
    }
}
