package dev.taskfleet.worker.execution;

/**
 * A result (or escalation request) could not be turned into a record. It is the worker's own defect, not Kafka refusing a
 * write, so the task still gets a result (or a dead letter) and the record is still acknowledged;
 * {@link TaskCompletion} tells the two apart by this type.
 */
public class ResultEncodingException extends RuntimeException {

    public ResultEncodingException(String taskId, Throwable cause) {
        super("cannot encode the result or escalation request of task " + taskId, cause);
    }
}
