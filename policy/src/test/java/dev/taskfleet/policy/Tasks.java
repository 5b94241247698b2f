package dev.taskfleet.policy;

import dev.taskfleet.contract.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builds tasks for policy tests; every field not set has a plain default. */
final class Tasks {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private String id = "t-1";
    private String type = "chore";
    private String prompt = "Do the thing.";
    private String tierHint;
    private String team = Task.DEFAULT_TEAM;
    private final Map<String, String> labels = new HashMap<>();
    private Duration deadline;

    static Tasks task(String type, String prompt) {
        Tasks tasks = new Tasks();
        tasks.type = type;
        tasks.prompt = prompt;
        return tasks;
    }

    Tasks id(String value) {
        id = value;
        return this;
    }

    Tasks hint(String value) {
        tierHint = value;
        return this;
    }

    Tasks team(String value) {
        team = value;
        return this;
    }

    Tasks label(String name, String value) {
        labels.put(name, value);
        return this;
    }

    Tasks deadline(Duration value) {
        deadline = value;
        return this;
    }

    Task build() {
        return new Task(1, id, "b-1", type, prompt, tierHint, labels, CREATED, team, 1, null, deadline);
    }
}
