package dev.taskfleet.worker.batch;

import dev.taskfleet.worker.provider.ModelRequest;
import java.util.Objects;

/**
 * One request of a provider batch: the model call and the {@code custom_id} its outcome comes back with.
 *
 * @param customId unique within the provider batch
 * @param request  the call, as it would be made on its own
 */
public record BatchRequest(String customId, ModelRequest request) {

    public BatchRequest {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(request, "request");
    }
}
