package dev.taskfleet.worker.execution;

import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.TaskResult;

/** How a task left this worker: with its final result, or handed back to the router for a stronger tier. */
public sealed interface Verdict permits Verdict.Final, Verdict.Escalate {

    /** The task is done here: SUCCEEDED, FAILED or CANCELLED. */
    record Final(TaskResult result) implements Verdict {
    }

    /** The task failed here and may do better on a stronger tier; no result is published for it. */
    record Escalate(EscalationRequest request) implements Verdict {
    }
}
