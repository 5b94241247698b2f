package dev.taskfleet.router.config;

import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.KafkaLogin;
import dev.taskfleet.policy.OutcomeStats;
import dev.taskfleet.policy.OutcomeWindow;
import dev.taskfleet.policy.RoutingPolicy;
import dev.taskfleet.router.adaptive.OutcomeRecorder;
import dev.taskfleet.router.metrics.RouterMetrics;
import dev.taskfleet.router.routing.EscalationHandling;
import dev.taskfleet.router.routing.TaskRouting;
import dev.taskfleet.router.routing.TierDecider;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the router's plain-Java core from its configuration; the one place the parts meet.
 * A bad policy file fails here, when the start-up observer first needs the policy, before any
 * topic is touched.
 */
@Singleton
public class RouterWiring {

    /**
     * The one place the router's Kafka client settings are made: every {@code kafka.*} key plus
     * the login files ({@code taskfleet.kafka.sasl.*}); each client of the router starts from them.
     */
    @Produces
    @Singleton
    KafkaClientSettings kafkaClientSettings(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            RouterConfig config) {
        RouterConfig.KafkaCredentialFiles.Sasl sasl = config.kafka().sasl();
        return KafkaClientSettings.ofThisProcess(kafka,
                new KafkaLogin(sasl.usernameFile(), sasl.passwordFile(), sasl.jaasConfigFile()));
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    TopicNames topicNames(RouterConfig config) {
        return config.topicNames();
    }

    @Produces
    @Singleton
    RoutingPolicy routingPolicy(RouterConfig config) {
        return PolicyLoader.load(config.router().policyFile(), config.tierOrder());
    }

    /** This router's name: the configured instance id or the host name. */
    @Produces
    @Singleton
    @Named("instanceId")
    String instanceId(RouterConfig config) {
        return config.router().instanceId().filter(id -> !id.isBlank()).orElseGet(HostName::current);
    }

    /** Empty when the policy does not enable adaptive routing: then no results are read. */
    @Produces
    @Singleton
    Optional<OutcomeRecorder> outcomeRecorder(RoutingPolicy policy, Optional<OutcomeWindow> window, Clock clock) {
        return window.map(w -> new OutcomeRecorder(w, policy.adaptiveWindow(), clock));
    }

    @Produces
    @Singleton
    Optional<OutcomeWindow> outcomeWindow(RoutingPolicy policy, Clock clock) {
        return policy.adaptiveEnabled() ? Optional.of(new OutcomeWindow(policy.adaptiveWindow(), clock)) : Optional.empty();
    }

    /** The policy with the live outcome statistics; untimed (the explain endpoint uses it). */
    @Produces
    @Singleton
    TierDecider tierDecider(RoutingPolicy policy, Optional<OutcomeWindow> window) {
        return TierDecider.of(policy, window.<OutcomeStats>map(w -> w).orElse(OutcomeStats.NONE));
    }

    @Produces
    @Singleton
    TaskValidator taskValidator(RouterConfig config) {
        return new TaskValidator(config.validationLimits());
    }

    /** Routing of the tasks topic; every decision is timed into the decision-time histogram. */
    @Produces
    @Singleton
    TaskRouting taskRouting(TaskValidator validator, TierDecider decider, RouterMetrics metrics,
            @Named("instanceId") String instanceId, Clock clock) {
        return new TaskRouting(validator, metrics.timed(decider), "router-" + instanceId, clock);
    }

    @Produces
    @Singleton
    EscalationHandling escalationHandling(TaskValidator validator, RoutingPolicy policy,
            @Named("instanceId") String instanceId, Clock clock) {
        return new EscalationHandling(validator, policy::escalate, "router-" + instanceId, clock);
    }
}
