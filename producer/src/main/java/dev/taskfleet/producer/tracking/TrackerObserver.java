package dev.taskfleet.producer.tracking;

/** What the tracker reports about the records it reads, for metrics. */
public interface TrackerObserver {

    /** A result repeated a task run already counted and was dropped. */
    void duplicateResult();

    /** A record could not be decoded and was skipped; {@code topic} is where it was. */
    void skippedRecord(String topic);

    /** A checkpoint of this replica's tracking was written whole ({@code true}) or failed. */
    default void checkpointWritten(boolean whole) {
    }

    /** Reports nothing. */
    TrackerObserver NONE = new TrackerObserver() {
        @Override
        public void duplicateResult() {
        }

        @Override
        public void skippedRecord(String topic) {
        }
    };
}
