package dev.taskfleet.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one place that decides whether a task is valid: used by the producer on what users
 * submit and by the router on what it reads from Kafka.
 *
 * <p>A submitted task is a JSON object with a {@code prompt}, and optionally {@code id},
 * {@code type}, {@code tierHint}, {@code labels}, {@code expect} and {@code deadline}. A prompt alone is a whole task:
 * people state what they need and the routing heuristic reads the prompt; {@code type} is there
 * for rules that match on it. The team is never taken from
 * the task: the producer stamps it from the caller's identity. Unknown fields are refused, because in user
 * input they are almost always typos ({@code tier_hint}) that would otherwise be silently lost.
 */
public final class TaskValidator {

    private static final Set<String> EXPECT_FIELDS = Set.of("kind", "pattern", "schema");
    static final Set<String> SUBMISSION_FIELDS = Set.of("id", "type", "prompt", "tierHint", "labels", "expect",
            Deadlines.FIELD, Priority.FIELD);
    private final TaskLimits limits;

    public TaskValidator(TaskLimits limits) {
        this.limits = limits;
    }

    public TaskLimits limits() {
        return limits;
    }

    /**
     * Turns one submitted task into a {@link Task} of the given batch.
     *
     * @param node        the submitted JSON
     * @param batchId     the batch it belongs to
     * @param team        the caller's team, from its identity
     * @param acceptedAt  the producer's clock reading, recorded as {@code createdAt}
     * @param idGenerator gives an id when the submitter did not
     * @throws InvalidTaskException naming the first field that is wrong
     */
    public Task fromSubmission(JsonNode node, String batchId, String team, Instant acceptedAt,
            Supplier<String> idGenerator) throws InvalidTaskException {
        return fromSubmission(node, batchId, team, acceptedAt, idGenerator, null);
    }

    /**
     * As {@link #fromSubmission(JsonNode, String, String, Instant, Supplier)}, with the deadline the
     * whole batch was submitted with ({@code null}: none) for a task that names no deadline of its own.
     */
    public Task fromSubmission(JsonNode node, String batchId, String team, Instant acceptedAt,
            Supplier<String> idGenerator, Duration batchDeadline) throws InvalidTaskException {
        return fromSubmission(node, batchId, team, acceptedAt, idGenerator, batchDeadline, null);
    }

    /**
     * As {@link #fromSubmission(JsonNode, String, String, Instant, Supplier, Duration)}, with the
     * priority the whole batch was submitted with ({@code null}: standard) for a task that names
     * none of its own. Which classes the team may use is the producer's to check, not the contract's.
     */
    public Task fromSubmission(JsonNode node, String batchId, String team, Instant acceptedAt,
            Supplier<String> idGenerator, Duration batchDeadline, Priority batchPriority) throws InvalidTaskException {
        if (node == null || !node.isObject()) {
            throw new InvalidTaskException("task", "must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SUBMISSION_FIELDS.contains(name)) {
                throw new InvalidTaskException(name, "is not a known field; a task may have "
                        + String.join(", ", SUBMISSION_FIELDS.stream().sorted().toList()));
            }
        }
        String id = optionalText(node, "id");
        Task task = new Task(
                EventCodec.SCHEMA_VERSION,
                id == null ? idGenerator.get() : id,
                batchId,
                optionalText(node, "type"),
                requiredText(node, "prompt"),
                optionalText(node, "tierHint"),
                labels(node.get("labels")),
                acceptedAt,
                team,
                1,
                expectation(node.get("expect")),
                deadline(node, batchDeadline),
                priority(node, batchPriority));
        check(task);
        return task;
    }

    /** Checks a task read from anywhere against the contract and the limits. */
    public void check(Task task) throws InvalidTaskException {
        if (!NameSyntax.isTaskId(task.id())) {
            throw new InvalidTaskException("id", "must be 1-128 characters of letters, digits, '.', '_', ':' or '-'"
                    + " starting with a letter or digit");
        }
        if (task.batchId() == null || task.batchId().isBlank()) {
            throw new InvalidTaskException("batchId", "is required");
        }
        if (task.type() != null && !NameSyntax.isTaskType(task.type())) {
            throw new InvalidTaskException("type", "must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        if (task.prompt() == null || task.prompt().isBlank()) {
            throw new InvalidTaskException("prompt", "is required and must not be blank");
        }
        if (task.prompt().length() > limits.maxPromptChars()) {
            throw new InvalidTaskException("prompt", "is " + task.prompt().length()
                    + " characters; the limit is " + limits.maxPromptChars());
        }
        if (task.tierHint() != null && !limits.tiers().contains(task.tierHint())) {
            throw new InvalidTaskException("tierHint", "'" + task.tierHint() + "' is not a tier; known tiers are "
                    + String.join(", ", limits.tiers()));
        }
        if (task.labels().size() > limits.maxLabels()) {
            throw new InvalidTaskException("labels", "has " + task.labels().size()
                    + " entries; the limit is " + limits.maxLabels());
        }
        for (Map.Entry<String, String> label : task.labels().entrySet()) {
            if (label.getKey().isEmpty() || label.getKey().length() > limits.maxLabelChars()
                    || label.getValue().length() > limits.maxLabelChars()) {
                throw new InvalidTaskException("labels", "key and value of '" + abbreviate(label.getKey())
                        + "' must be 1-" + limits.maxLabelChars() + " characters");
            }
        }
        // Team names become metric tags and appear in URLs and topic names, so they are kept plain.
        if (!NameSyntax.isTeam(task.team())) {
            throw new InvalidTaskException("team", "must be 1-64 characters of a-z, 0-9 or '-', starting with a letter or digit");
        }
        if (task.expect() != null) {
            OutputCheck.compile(task.expect());
        }
        if (task.deadline() != null) {
            Deadlines.check(task.deadline(), Deadlines.FIELD);
        }
        if (task.schemaVersion() < 1 || task.schemaVersion() > EventCodec.SCHEMA_VERSION) {
            throw new InvalidTaskException("schemaVersion", "must be between 1 and " + EventCodec.SCHEMA_VERSION);
        }
    }

    private static String requiredText(JsonNode node, String field) throws InvalidTaskException {
        String text = optionalText(node, field);
        if (text == null) {
            throw new InvalidTaskException(field, "is required");
        }
        return text;
    }

    private static String optionalText(JsonNode node, String field) throws InvalidTaskException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidTaskException(field, "must be a string, was " + value.getNodeType().name().toLowerCase());
        }
        return value.textValue();
    }

    private static Duration deadline(JsonNode node, Duration batchDeadline) throws InvalidTaskException {
        String text = optionalText(node, Deadlines.FIELD);
        return text == null ? batchDeadline : Deadlines.parse(text, Deadlines.FIELD);
    }

    private static Priority priority(JsonNode node, Priority batchPriority) throws InvalidTaskException {
        String text = optionalText(node, Priority.FIELD);
        return text == null ? batchPriority : Priority.parse(text, Priority.FIELD);
    }

    private static Map<String, String> labels(JsonNode node) throws InvalidTaskException {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidTaskException("labels", "must be an object of string values");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new InvalidTaskException("labels", "value of '" + abbreviate(entry.getKey()) + "' must be a string");
            }
            labels.put(entry.getKey(), entry.getValue().textValue());
        }
        return labels;
    }

    private static OutputExpectation expectation(JsonNode node) throws InvalidTaskException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidTaskException("expect", "must be an object such as {\"kind\": \"json\"}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!EXPECT_FIELDS.contains(name)) {
                throw new InvalidTaskException("expect." + name, "is not a known field; expect may have kind, pattern and schema");
            }
        }
        JsonNode kindNode = node.get("kind");
        String kindName = kindNode != null && kindNode.isTextual() ? kindNode.textValue() : null;
        OutputExpectation.Kind kind = OutputExpectation.Kind.fromWireName(kindName);
        if (kind == null) {
            throw new InvalidTaskException("expect.kind", (kindName == null ? "is required" : "'" + abbreviate(kindName)
                    + "' is not a kind") + "; use json, json-schema or regex");
        }
        JsonNode schema = node.get("schema");
        JsonNode pattern = node.get("pattern");
        if (pattern != null && !pattern.isNull() && !pattern.isTextual()) {
            throw new InvalidTaskException("expect.pattern", "must be a string");
        }
        return new OutputExpectation(kind, schema == null || schema.isNull() ? null : schema,
                pattern == null || pattern.isNull() ? null : pattern.textValue());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
