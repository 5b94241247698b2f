package dev.taskfleet.worker.messaging;

import dev.taskfleet.worker.execution.TaskCompletion;
import dev.taskfleet.worker.execution.TaskExecutor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Binds the core's {@link TaskCompletion} to the Kafka publishers its results and escalation requests go to. */
@Singleton
public class PublishingCompletion {

    @Produces
    @Singleton
    TaskCompletion taskCompletion(TaskExecutor executor, ResultPublisher results, EscalationPublisher escalations) {
        return new TaskCompletion(executor, results::publish, escalations::publish);
    }
}
