package dev.taskfleet.worker.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The providers a tier can run on ({@code taskfleet.tiers.<tier>.provider}). The {@code -batch}
 * ones serve the tier through a provider's batch API: the worker gathers tasks into provider
 * batches instead of calling the model once per task.
 */
public enum ProviderKind {

    /** No model called: latency, tokens and failures drawn per tier. */
    SIMULATED("simulated", false),
    /** Any OpenAI-compatible chat-completions endpoint. */
    OPENAI("openai", false),
    /** Anthropic's Messages API. */
    ANTHROPIC("anthropic", false),
    /** OpenAI's Batch API: a JSONL file of chat-completions requests per provider batch. */
    OPENAI_BATCH("openai-batch", true),
    /** Anthropic's Message Batches API. */
    ANTHROPIC_BATCH("anthropic-batch", true),
    /** A batch API simulated in the worker, answering each provider batch after a set turnaround. */
    SIMULATED_BATCH("simulated-batch", true);

    private final String configName;
    private final boolean batch;

    ProviderKind(String configName, boolean batch) {
        this.configName = configName;
        this.batch = batch;
    }

    /** How the setting spells it. */
    public String configName() {
        return configName;
    }

    /** Whether the tier runs through a provider's batch API. */
    public boolean batch() {
        return batch;
    }

    /** Whether the tier speaks Anthropic's APIs (its base URL then defaults to Anthropic's). */
    public boolean anthropic() {
        return this == ANTHROPIC || this == ANTHROPIC_BATCH;
    }

    /** Whether the tier calls a provider over HTTP. */
    public boolean http() {
        return this != SIMULATED && this != SIMULATED_BATCH;
    }

    /** The provider a setting names, case-insensitive; empty for a name that is none of them. */
    public static Optional<ProviderKind> named(String setting) {
        String name = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(kind -> kind.configName.equals(name)).findFirst();
    }

    /** Every accepted name, for error messages: {@code 'simulated', 'openai', ...}. */
    static String names() {
        return Arrays.stream(values()).map(kind -> "'" + kind.configName + "'").collect(Collectors.joining(", "));
    }
}
