package dev.taskfleet.router.metrics;

import dev.taskfleet.contract.Task;
import dev.taskfleet.router.policy.TierDecision;
import dev.taskfleet.router.policy.TierPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Every meter the router publishes. Names are Micrometer style (dot-separated, no unit or
 * {@code total} suffix); Prometheus shows them as {@code taskfleet_tasks_routed_total},
 * {@code taskfleet_routing_decision_seconds_*} and {@code taskfleet_dlq_records_total}.
 *
 * <p>Counters are incremented when Kafka has acknowledged the record they count, so they say
 * what was written, not what was attempted. Kafka client and JVM meters come from Quarkus.
 */
@Singleton
public class RouterMetrics {

    /** Counter: tasks written to a tier topic. Tags {@value #TIER}, {@value #RULE}. */
    public static final String TASKS_ROUTED = "taskfleet.tasks.routed";
    /** Timer with percentile histogram: time the tier policy takes to decide one task. No tags. */
    public static final String ROUTING_DECISION = "taskfleet.routing.decision";
    /** Counter: records written to the dead-letter topic. Tags {@value #SERVICE}, {@value #REASON}. */
    public static final String DLQ_RECORDS = "taskfleet.dlq.records";

    public static final String TIER = "tier";
    public static final String RULE = "rule";
    public static final String SERVICE = "service";
    public static final String REASON = "reason";
    static final String SERVICE_NAME = "router";

    private final MeterRegistry registry;
    private final Timer decisionTimer;

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.decisionTimer = Timer.builder(ROUTING_DECISION)
                .description("Time the tier policy takes to decide one task")
                .publishPercentileHistogram()
                // Rule lookups take microseconds; the default range starts at 1 ms and would put
                // every decision in the first bucket.
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMillis(100))
                .register(registry);
    }

    /**
     * Registers every series that can occur at zero, so dashboards and alerts see a zero
     * rather than a missing series until the first record of each kind.
     */
    public void registerKnownSeries(Collection<String> tiers, Collection<String> ruleIds, Collection<String> reasonCodes) {
        tiers.forEach(tier -> ruleIds.forEach(rule -> routedCounter(tier, rule)));
        reasonCodes.forEach(this::dlqCounter);
    }

    public void routed(String tier, String rule) {
        routedCounter(tier, rule).increment();
    }

    public void deadLettered(String reasonCode) {
        dlqCounter(reasonCode).increment();
    }

    /** The policy with every decision timed into {@value #ROUTING_DECISION}. */
    public TierPolicy timed(TierPolicy policy) {
        return new TierPolicy() {
            @Override
            public TierDecision decide(Task task) {
                return decisionTimer.record(() -> policy.decide(task));
            }

            @Override
            public List<String> ruleIds() {
                return policy.ruleIds();
            }
        };
    }

    private Counter routedCounter(String tier, String rule) {
        return Counter.builder(TASKS_ROUTED)
                .description("Tasks written to a tier topic, by tier and deciding rule")
                .tag(TIER, tier)
                .tag(RULE, rule)
                .register(registry);
    }

    private Counter dlqCounter(String reasonCode) {
        return Counter.builder(DLQ_RECORDS)
                .description("Records written to the dead-letter topic, by reason code")
                .tag(SERVICE, SERVICE_NAME)
                .tag(REASON, reasonCode)
                .register(registry);
    }
}
