package dev.taskfleet.producer.batch;

import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.producer.team.TeamPriorities;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Reads a submitted batch from a stream, one task at a time: each task is validated and, when
 * valid, handed to the sink before the next is read, so memory use does not grow with the
 * batch. Bytes are counted as they arrive and the limits stop the reading as soon as they are
 * broken.
 *
 * <p>Thread-safe: each call to {@link #read} keeps its own state.
 */
public final class BatchReader {

    private final TaskValidator validator;
    private final BatchLimits limits;
    private final Clock clock;
    private final Supplier<String> idGenerator;

    /**
     * @param validator   the contract's validator, configured with the fleet's tiers and task limits
     * @param limits      how much one batch may hold
     * @param clock       stamps each task's {@code createdAt}
     * @param idGenerator gives an id to each task that arrives without one
     */
    public BatchReader(TaskValidator validator, BatchLimits limits, Clock clock, Supplier<String> idGenerator) {
        this.validator = validator;
        this.limits = limits;
        this.clock = clock;
        this.idGenerator = idGenerator;
    }

    public BatchLimits limits() {
        return limits;
    }

    /**
     * Reads the whole body for team {@code default} under this reader's limits, every class allowed;
     * see {@link #read(InputStream, BatchFormat, String, String, BatchLimits, Duration, Priority, TeamPriorities, TaskSink)}.
     */
    public BatchOutcome read(InputStream body, BatchFormat format, String batchId, TaskSink sink) throws IOException {
        return read(body, format, batchId, Task.DEFAULT_TEAM, limits, null, null, TeamPriorities.ANY, sink);
    }

    /**
     * Reads the whole body, stamping {@code team} on every task and passing every valid task to {@code sink}.
     *
     * @param limits   this batch's limits, e.g. {@link BatchLimits#forTeam narrowed} to the team's
     * @param deadline the wait the whole batch was submitted with, for tasks that name none; {@code null}: none
     * @param priority the class the whole batch was submitted with, for tasks that name none; {@code null}: none
     *                 (standard, or bulk past the team's {@link TeamPriorities#bulkAboveTasks()})
     * @param priorities the classes the team may use: a task of another class is rejected
     * @throws BatchTooLargeException when the body breaks the byte, task or team prompt limit; the
     *                                tasks before that point have already gone to the sink
     * @throws IOException            when the body cannot be read (the client went away)
     */
    public BatchOutcome read(InputStream body, BatchFormat format, String batchId, String team, BatchLimits limits,
                             Duration deadline, Priority priority, TeamPriorities priorities, TaskSink sink)
            throws IOException {
        BatchIntake intake = new BatchIntake(batchId, team, deadline, priority, priorities, validator, limits, clock,
                idGenerator, sink);
        InputStream counted = new CountingInputStream(body, limits.maxBytes());
        switch (format) {
            case NDJSON -> NdjsonBatchReader.read(counted, limits.maxLineBytes(), intake);
            case JSON -> JsonBatchReader.read(counted, intake);
            default -> throw new IllegalArgumentException("no reader for " + format);
        }
        return intake.outcome();
    }
}
