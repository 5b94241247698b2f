package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.config.WorkerConfig;
import dev.taskfleet.worker.flow.FairIntake;
import dev.taskfleet.worker.flow.InFlightLimiter;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.inject.Disposes;
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
    FairIntake fairIntake(WorkerConfig config, InFlightLimiter limiter, KafkaClientService clients,
            WorkerMetrics metrics) {
        WorkerConfig.Worker worker = config.worker();
        Map<String, Integer> weights = Map.copyOf(worker.shareWeights());
        weights.forEach((team, weight) -> {
            if (weight < 1 || weight > 1000) {
                throw new IllegalStateException("taskfleet.worker.share-weights.\"" + team
                        + "\" must be between 1 and 1000, was " + weight);
            }
        });
        FairIntake.Bounds bounds;
        try {
            bounds = new FairIntake.Bounds(worker.readAheadPerPartition(), worker.maxWaiting().orElse(limiter.limit()),
                    worker.maxIntakeWait());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("taskfleet.worker.read-ahead-per-partition, max-waiting and max-intake-wait: "
                    + e.getMessage(), e);
        }
        ChannelPauser pauser = new ChannelPauser(clients, CHANNEL);
        FairIntake intake = new FairIntake(limiter, bounds, team -> weights.getOrDefault(team, 1), pauser,
                System::nanoTime);
        pauser.wantedBy(intake::pauseWanted);
        PolledRecordsCounter.countFor(intake);
        metrics.intake(intake);
        return intake;
    }

    /** The worker is stopping: its intake stops counting polls. */
    void stopCounting(@Disposes FairIntake intake) {
        PolledRecordsCounter.stopCounting(intake);
    }
}
