package dev.taskfleet.producer.batch;

import dev.taskfleet.contract.Task;

/**
 * Where the reader puts each valid task as soon as it has read it, so a batch is never held
 * in memory whole. An implementation may throw an unchecked exception to stop the reading
 * (for example when publishing has already failed); the reader does not catch it.
 */
@FunctionalInterface
public interface TaskSink {

    /** @throws TaskTooLargeException when this task cannot be taken at all; the reader rejects it and goes on */
    void accept(Task task) throws TaskTooLargeException;
}
