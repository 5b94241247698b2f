package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.config.WorkerConfig;
import dev.taskfleet.worker.flow.FairIntake;
import dev.taskfleet.worker.flow.InFlightLimiter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/** Builds the {@link FairIntake} of the {@code tasks} channel: the limiter, the weights and the channel's pauser. */
@Singleton
public class TaskIntakeComponents {

    /** The SmallRye channel the tasks arrive on. */
    static final String CHANNEL = "tasks";

    @Produces
    @Singleton
    FairIntake fairIntake(WorkerConfig config, InFlightLimiter limiter, KafkaClientService clients) {
        int readAhead = config.worker().readAheadPerPartition();
        if (readAhead < 1) {
            throw new IllegalStateException("taskfleet.worker.read-ahead-per-partition must be at least 1, was "
                    + readAhead);
        }
        Map<String, Integer> weights = Map.copyOf(config.worker().shareWeights());
        weights.forEach((team, weight) -> {
            if (weight < 1 || weight > 1000) {
                throw new IllegalStateException("taskfleet.worker.share-weights.\"" + team
                        + "\" must be between 1 and 1000, was " + weight);
            }
        });
        return new FairIntake(limiter, readAhead, team -> weights.getOrDefault(team, 1),
                new ChannelPauser(clients, CHANNEL));
    }
}
