package dev.taskfleet.worker.execution;

import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.TaskResult;

/**
 * How a task left this worker: with its final result, handed back to the router for a stronger
 * tier, or left to the pod that owns its partition now.
 */
public sealed interface Verdict permits Verdict.Final, Verdict.Escalate, Verdict.HandedOver {

    /** The task is done here: SUCCEEDED, FAILED or CANCELLED. */
    record Final(TaskResult result) implements Verdict {
    }

    /** The task failed here and may do better on a stronger tier; no result is published for it. */
    record Escalate(EscalationRequest request) implements Verdict {
    }

    /**
     * A rebalance gave the task's partition to another pod before its first call here. Nothing is
     * published and its record is not acknowledged: the new owner reads it again and runs it.
     */
    record HandedOver() implements Verdict {
    }
}
