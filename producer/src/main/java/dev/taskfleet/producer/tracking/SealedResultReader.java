package dev.taskfleet.producer.tracking;

import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.ResultSummary;
import dev.taskfleet.contract.ResultSummaryCodec;
import dev.taskfleet.producer.progress.SealedResults;
import java.time.Duration;
import java.util.Map;

/**
 * Reads a sealed batch's stretches of {@code <prefix>.results} back for the ledger, as summaries
 * (answers skipped unread), with a short-lived reader of its own. A record that cannot be read is
 * passed over: the tracker skipped it, with a warning, when it first read it.
 */
public final class SealedResultReader implements SealedResults {

    /** How long a read may go without progress before the batch's results count as not readable now. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

    private final RecordScanner scanner;
    private final String resultsTopic;

    /**
     * @param readerConfig settings of an assigning, read_committed reader with byte-array deserializers
     * @param resultsTopic {@code <prefix>.results}
     */
    public SealedResultReader(Map<String, Object> readerConfig, String resultsTopic) {
        this.scanner = new RecordScanner(readerConfig, STALL_TIMEOUT);
        this.resultsTopic = resultsTopic;
    }

    @Override
    public void read(Map<Integer, long[]> spans, Sink sink) throws Exception {
        scanner.scanRanges(resultsTopic, spans, record -> {
            if (record.value() == null) {
                return;
            }
            ResultSummary result;
            try {
                result = ResultSummaryCodec.decode(record.value());
            } catch (EventDecodingException e) {
                return;
            }
            sink.accept(result, record.partition(), record.offset());
        });
    }
}
