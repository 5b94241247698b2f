package dev.taskfleet.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Objects;

/**
 * One request of a {@link ProviderBatch}: the routed task it runs, published on
 * {@code <prefix>.provider-batches} on the partition of its provider batch, keyed
 * {@code <provider batch id>/<custom id>}. Written in the same Kafka transaction as the first
 * record of its provider batch and as the commit of the task's offset on its tier topic, so a task
 * is acknowledged exactly when it is recorded here; tombstoned in the same transaction as the
 * task's result (or escalation, or its next request), once its provider batch ended.
 *
 * @param schemaVersion contract version this event was written with
 * @param providerBatch the {@link ProviderBatch#id()} it belongs to
 * @param customId      its {@code custom_id} at the provider, unique within the provider batch
 *                      ({@code [A-Za-z0-9_-]}, at most 64 characters, as both providers accept)
 * @param routed        the task, as placed on this tier
 * @param calls         the calls this placement made before, in earlier provider batches, oldest
 *                      first (a request that failed in a way worth retrying is sent again in a
 *                      new provider batch with its failure here); never {@code null}
 */
public record ProviderBatchRequest(int schemaVersion, String providerBatch, String customId, RoutedTask routed,
        List<AttemptRecord> calls) {

    /** Separates the provider batch id from the custom id in a request's key. */
    public static final String KEY_SEPARATOR = "/";

    public ProviderBatchRequest {
        Objects.requireNonNull(providerBatch, "providerBatch");
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(routed, "routed");
        calls = calls == null ? List.of() : List.copyOf(calls);
    }

    /** The record key: {@code <provider batch id>/<custom id>}. */
    @JsonIgnore
    public String key() {
        return providerBatch + KEY_SEPARATOR + customId;
    }

    /** Whether a record key of {@code <prefix>.provider-batches} is a request's (else a provider batch's). */
    public static boolean isRequestKey(String key) {
        return key != null && key.contains(KEY_SEPARATOR);
    }

    /** The provider batch id in a request's key, or the key itself for a provider batch's. */
    public static String providerBatchOf(String key) {
        int separator = key.indexOf(KEY_SEPARATOR);
        return separator < 0 ? key : key.substring(0, separator);
    }
}
