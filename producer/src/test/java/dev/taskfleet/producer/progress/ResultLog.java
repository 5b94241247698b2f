package dev.taskfleet.producer.progress;

import dev.taskfleet.contract.ResultSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A results topic in a list, for ledgers in unit tests: records what is applied with its position
 * and reads stretches of it back, as the producer's reader does from Kafka.
 */
final class ResultLog implements SealedResults {

    private record Entry(ResultSummary result, int partition, long offset) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private int reads;

    /** Notes a result at a position; positions must ascend per partition. */
    void add(ResultSummary result, int partition, long offset) {
        entries.add(new Entry(result, partition, offset));
    }

    /** How many stretches were read back: a sealed batch's slots were needed. */
    int reads() {
        return reads;
    }

    @Override
    public void read(Map<Integer, long[]> spans, Sink sink) {
        reads++;
        for (Entry entry : entries) {
            long[] span = spans.get(entry.partition());
            if (span != null && entry.offset() >= span[0] && entry.offset() <= span[1]) {
                sink.accept(entry.result(), entry.partition(), entry.offset());
            }
        }
    }
}
