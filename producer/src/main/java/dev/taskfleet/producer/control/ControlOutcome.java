package dev.taskfleet.producer.control;

/**
 * How a retry, cancel or budget stop ended.
 *
 * @param <R> the API's receipt for a request that was carried out
 */
public sealed interface ControlOutcome<R> {

    /** The action was published; {@code receipt} is the answer to the caller. */
    record Done<R>(R receipt) implements ControlOutcome<R> {
    }

    /**
     * The batch is not in a state that allows the action; nothing was published.
     *
     * @param reason a short stable slug, e.g. {@code still-running}
     * @param detail what the caller can do about it
     */
    record Refused<R>(String reason, String detail) implements ControlOutcome<R> {
    }

    /**
     * This replica's view of the batch lacks a change it wrote itself, so it cannot decide yet;
     * nothing was published. The same request succeeds once the replica has caught up.
     */
    record Behind<R>(String detail) implements ControlOutcome<R> {
    }
}
