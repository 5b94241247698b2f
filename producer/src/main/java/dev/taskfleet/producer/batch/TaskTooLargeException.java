package dev.taskfleet.producer.batch;

/**
 * The sink cannot take this one task: as the record it becomes, it is larger than Kafka takes on
 * the tasks topic. Only that task is rejected; the reading goes on. Checked, so every sink and
 * every caller of one decides what it means for them.
 */
public class TaskTooLargeException extends Exception {

    /**
     * @param recordBytes the task's size as a record, as the Kafka producer measures it
     * @param limitBytes  the largest record the tasks topic takes from this producer
     */
    public TaskTooLargeException(long recordBytes, long limitBytes) {
        super("the task is " + recordBytes + " bytes as a Kafka record, more than the " + limitBytes
                + " bytes the tasks topic takes; shorten its prompt or its expect schema");
    }
}
