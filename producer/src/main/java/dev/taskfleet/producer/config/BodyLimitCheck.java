package dev.taskfleet.producer.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start when Vert.x's own body limit would cut a batch off before the producer's
 * limit does: Vert.x answers with a bare 413 and no explanation, while the producer's answer
 * names its limit.
 */
@ApplicationScoped
public class BodyLimitCheck {

    static final String HTTP_LIMIT = "quarkus.http.limits.max-body-size";

    void onStart(@Observes StartupEvent event, FleetConfig config,
                 @ConfigProperty(name = HTTP_LIMIT) MemorySize httpLimit) {
        long batchLimit = config.producer().maxBatchBytes().asLongValue();
        if (httpLimit.asLongValue() <= batchLimit) {
            throw new IllegalStateException(HTTP_LIMIT + " (" + httpLimit.asLongValue() + " bytes) must be larger than "
                    + "taskfleet.producer.max-batch-bytes (" + batchLimit + " bytes); raise " + HTTP_LIMIT);
        }
    }
}
