package dev.taskfleet.worker.execution;

/**
 * Kafka refused a result as larger than the results topic takes. Not a passing failure (the same
 * result would be refused again) and not the worker's defect: {@link TaskCompletion} publishes the
 * result again without the model's answer, as {@link dev.taskfleet.contract.ResultErrorCodes#OUTPUT_TOO_LARGE}.
 */
public class ResultTooLargeException extends RuntimeException {

    private final long bytes;

    public ResultTooLargeException(String taskId, long bytes, Throwable cause) {
        super("the result of task " + taskId + " (" + bytes + " bytes encoded) is larger than the results topic takes",
                cause);
        this.bytes = bytes;
    }

    /** The size of the refused result, encoded as UTF-8. */
    public long bytes() {
        return bytes;
    }
}
