package dev.taskfleet.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.OutputExpectation;
import dev.taskfleet.contract.Priority;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds tasks for tests with sensible defaults, so a test names only what it is about:
 * {@code TaskBuilder.task().type("security-review").build()}. Unlike the builders of the other
 * contract types, its setters change this builder (tests rely on that); build a variant from a
 * fresh {@code task()}.
 */
public final class TaskBuilder {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private int schemaVersion = EventCodec.SCHEMA_VERSION;
    private String id = "task-" + SEQUENCE.incrementAndGet();
    private String batchId = "batch-test";
    private String type = "refactor";
    private String prompt = "Rename the method getX to x and update its callers.";
    private String tierHint;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Instant createdAt = Instant.parse("2026-01-01T00:00:00Z");
    private String team = Task.DEFAULT_TEAM;
    private int run = 1;
    private OutputExpectation expect;
    private Duration deadline;
    private Priority priority = Priority.STANDARD;

    private TaskBuilder() {
    }

    public static TaskBuilder task() {
        return new TaskBuilder();
    }

    /** The contract version the task claims, e.g. a newer one than readers support. */
    public TaskBuilder schemaVersion(int schemaVersion) {
        this.schemaVersion = schemaVersion;
        return this;
    }

    public TaskBuilder id(String id) {
        this.id = id;
        return this;
    }

    public TaskBuilder batch(String batchId) {
        this.batchId = batchId;
        return this;
    }

    public TaskBuilder type(String type) {
        this.type = type;
        return this;
    }

    public TaskBuilder prompt(String prompt) {
        this.prompt = prompt;
        return this;
    }

    public TaskBuilder tierHint(String tierHint) {
        this.tierHint = tierHint;
        return this;
    }

    public TaskBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public TaskBuilder createdAt(Instant createdAt) {
        this.createdAt = createdAt;
        return this;
    }

    public TaskBuilder team(String team) {
        this.team = team;
        return this;
    }

    public TaskBuilder run(int run) {
        this.run = run;
        return this;
    }

    public TaskBuilder expect(OutputExpectation expect) {
        this.expect = expect;
        return this;
    }

    /** How long the submitter is willing to wait; submitted as ISO-8601 ({@code PT24H}). */
    public TaskBuilder priority(Priority priority) {
        this.priority = priority;
        return this;
    }

    public TaskBuilder deadline(Duration deadline) {
        this.deadline = deadline;
        return this;
    }

    public Task build() {
        return new Task(schemaVersion, id, batchId, type, prompt, tierHint, labels, createdAt, team, run,
                expect, deadline, priority);
    }

    /** The task as the router would place it on {@code tier} the first time; {@link RoutedTaskBuilder} for more. */
    public RoutedTask routedTo(String tier) {
        return RoutedTaskBuilder.aRoutedTask().task(build()).onTier(tier).build();
    }

    /** The task as a user submits it to the producer: one JSON object, one line. */
    public String submissionJson() {
        ObjectNode node = EventCodec.mapper().createObjectNode();
        node.put("id", id);
        node.put("type", type);
        node.put("prompt", prompt);
        if (tierHint != null) {
            node.put("tierHint", tierHint);
        }
        if (!labels.isEmpty()) {
            ObjectNode labelNode = node.putObject("labels");
            labels.forEach(labelNode::put);
        }
        if (expect != null) {
            node.set("expect", EventCodec.mapper().valueToTree(expect));
        }
        if (deadline != null) {
            node.put("deadline", deadline.toString());
        }
        return node.toString();
    }
}
