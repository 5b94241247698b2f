package dev.taskfleet.producer.config;

import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.producer.batch.BatchLimits;
import dev.taskfleet.producer.batch.BatchReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.UUID;

/** Builds the pure batch reader from configuration. */
@ApplicationScoped
public class BatchReaderFactory {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    BatchReader batchReader(FleetConfig config, Clock clock) {
        TaskValidator validator = new TaskValidator(config.validationLimits());
        return new BatchReader(validator, batchLimits(config), clock, () -> UUID.randomUUID().toString());
    }

    static BatchLimits batchLimits(FleetConfig config) {
        FleetConfig.Producer producer = config.producer();
        return new BatchLimits(
                producer.maxBatchBytes().asLongValue(),
                producer.maxTasksPerBatch(),
                Math.toIntExact(producer.maxLineBytes().asLongValue()),
                producer.maxRejectionsReported());
    }
}
