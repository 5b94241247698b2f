package dev.taskfleet.router.config;

import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.router.metrics.RouterMetrics;
import dev.taskfleet.router.policy.PolicySettings;
import dev.taskfleet.router.policy.RuleChainPolicy;
import dev.taskfleet.router.policy.TierPolicy;
import dev.taskfleet.router.routing.TaskRouting;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the router's plain-Java core from its configuration; the one place the parts meet. */
@Singleton
public class RouterWiring {

    @Produces
    @Singleton
    TopicNames topicNames(RouterConfig config) {
        return new TopicNames(config.topicPrefix());
    }

    @Produces
    @Singleton
    PolicySettings policySettings(RouterConfig config) {
        try {
            return PolicySettings.of(config.tierOrder(), config.router().defaultTier(), config.router().keywords());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the router's configuration is invalid (taskfleet.tier-order, "
                    + "taskfleet.router.default-tier, taskfleet.router.keywords.<tier>): " + e.getMessage(), e);
        }
    }

    /** The standard rule set, timed: every decision is recorded in the decision-time histogram. */
    @Produces
    @Singleton
    TierPolicy tierPolicy(PolicySettings settings, RouterMetrics metrics) {
        return metrics.timed(RuleChainPolicy.standard(settings));
    }

    @Produces
    @Singleton
    TaskValidator taskValidator(RouterConfig config) {
        // Label limits are not router settings: the producer enforces the same contract defaults.
        return new TaskValidator(new TaskLimits(config.tierOrder(), config.taskLimits().maxPromptChars(),
                config.taskLimits().maxLabels(), config.taskLimits().maxLabelChars()));
    }

    @Produces
    @Singleton
    TaskRouting taskRouting(TaskValidator validator, TierPolicy policy) {
        return new TaskRouting(validator, policy);
    }
}
