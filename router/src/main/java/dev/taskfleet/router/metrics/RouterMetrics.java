package dev.taskfleet.router.metrics;

import dev.taskfleet.contract.DeadLetterReasons;
import dev.taskfleet.router.routing.TierDecider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every meter the router publishes. Names are Micrometer style (dot-separated, no unit or
 * {@code total} suffix); Prometheus shows them as {@code taskfleet_tasks_routed_total},
 * {@code taskfleet_routing_decision_seconds_*}, {@code taskfleet_dlq_records_total},
 * {@code taskfleet_escalations_total}, {@code taskfleet_adaptive_promotions_total},
 * {@code taskfleet_router_transactions_total} and {@code taskfleet_router_results_skipped_total}.
 *
 * <p>Counters of written records are incremented after the Kafka transaction that wrote them
 * committed, so they say what downstream readers see, not what was attempted. Kafka client and
 * JVM meters come from Quarkus and Micrometer's Kafka binder.
 */
@Singleton
public class RouterMetrics {

    /** Counter: tasks written to a tier topic on first placement. Tags {@value #TIER}, {@value #RULE}. */
    public static final String TASKS_ROUTED = "taskfleet.tasks.routed";
    /** Timer with percentile histogram: time the routing policy takes to decide one task. No tags. */
    public static final String ROUTING_DECISION = "taskfleet.routing.decision";
    /** Counter: records written to the dead-letter topic. Tags {@value #SERVICE}, {@value #REASON}. */
    public static final String DLQ_RECORDS = "taskfleet.dlq.records";
    /**
     * Counter: escalation requests answered. Tags {@value #FROM_TIER}, {@value #TO_TIER} ({@value #NONE}
     * unless placed), {@value #OUTCOME} ({@value #PLACED}, {@value #REFUSED}, or {@value #REPEATED} for a
     * request dropped because it repeats one already answered).
     */
    public static final String ESCALATIONS = "taskfleet.escalations";
    /** Counter: tasks adaptive routing sent above the tier below. Tags {@value #FROM_TIER}, {@value #TO_TIER}. */
    public static final String ADAPTIVE_PROMOTIONS = "taskfleet.adaptive.promotions";
    /**
     * Counter: consume-decide-produce transactions. Tag {@value #OUTCOME}: {@code committed}, or
     * {@code aborted} (the batch is read again from the last committed offsets).
     */
    public static final String TRANSACTIONS = "taskfleet.router.transactions";
    /**
     * Counter: records on {@code <prefix>.results} adaptive routing could not decode and did not count.
     * Tag {@value #REASON}: the decoding reason code ({@link #DECODING_REASONS}).
     */
    public static final String RESULTS_SKIPPED = "taskfleet.router.results.skipped";

    public static final String TIER = "tier";
    public static final String RULE = "rule";
    public static final String SERVICE = "service";
    public static final String REASON = "reason";
    public static final String FROM_TIER = "from_tier";
    public static final String TO_TIER = "to_tier";
    public static final String OUTCOME = "outcome";
    public static final String NONE = "none";
    public static final String PLACED = "placed";
    public static final String REFUSED = "refused";
    public static final String REPEATED = "repeated";
    static final String SERVICE_NAME = "router";
    static final List<String> TRANSACTION_OUTCOMES = List.of("committed", "aborted");
    /** The reasons a result cannot be decoded, as the codec names them. */
    static final List<String> DECODING_REASONS = List.of(DeadLetterReasons.UNPARSEABLE,
            DeadLetterReasons.UNSUPPORTED_VERSION, DeadLetterReasons.INVALID_EVENT);

    private final MeterRegistry registry;
    private final Timer decisionTimer;
    /** {@value #TASKS_ROUTED} by tier, then rule. */
    private final Map<String, Map<String, Counter>> routedCounters = new ConcurrentHashMap<>();

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.decisionTimer = Timer.builder(ROUTING_DECISION)
                .description("Time the routing policy takes to decide one task")
                .publishPercentileHistogram()
                // Decisions take microseconds; the default range starts at 1 ms and would put
                // every decision in the first bucket.
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMillis(100))
                .register(registry);
    }

    /**
     * Registers every series that can occur at zero, so dashboards and alerts see a zero
     * rather than a missing series until the first record of each kind.
     */
    public void registerKnownSeries(List<String> tiers, Collection<String> ruleIds, Collection<String> reasonCodes) {
        tiers.forEach(tier -> ruleIds.forEach(rule -> routedCounter(tier, rule)));
        reasonCodes.forEach(this::dlqCounter);
        for (int i = 0; i + 1 < tiers.size(); i++) {
            escalationCounter(tiers.get(i), tiers.get(i + 1), PLACED);
            promotionCounter(tiers.get(i), tiers.get(i + 1));
        }
        tiers.forEach(tier -> {
            escalationCounter(tier, NONE, REFUSED);
            escalationCounter(tier, NONE, REPEATED);
        });
        TRANSACTION_OUTCOMES.forEach(this::transactionCounter);
        DECODING_REASONS.forEach(this::resultsSkippedCounter);
    }

    public void routed(String tier, String rule) {
        // Counted once per task: the registry's lookup (a new Id, its tags sorted) cost more than the count.
        routedCounters.computeIfAbsent(tier, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(rule, r -> routedCounter(tier, r)).increment();
    }

    public void deadLettered(String reasonCode) {
        dlqCounter(reasonCode).increment();
    }

    public void escalationPlaced(String fromTier, String toTier) {
        escalationCounter(fromTier, toTier, PLACED).increment();
    }

    public void escalationRefused(String fromTier) {
        escalationCounter(fromTier, NONE, REFUSED).increment();
    }

    public void escalationRepeated(String fromTier) {
        escalationCounter(fromTier, NONE, REPEATED).increment();
    }

    public void adaptivePromotion(String fromTier, String toTier) {
        promotionCounter(fromTier, toTier).increment();
    }

    public void transaction(boolean committed) {
        transactionCounter(committed ? "committed" : "aborted").increment();
    }

    /** A record on the results topic was not counted for adaptive routing: {@code reasonCode} is the codec's. */
    public void resultSkipped(String reasonCode) {
        resultsSkippedCounter(reasonCode).increment();
    }

    /** The decider with every decision timed into {@value #ROUTING_DECISION}. */
    public TierDecider timed(TierDecider decider) {
        return task -> decisionTimer.record(() -> decider.decide(task));
    }

    private Counter routedCounter(String tier, String rule) {
        return Counter.builder(TASKS_ROUTED)
                .description("Tasks written to a tier topic on first placement, by tier and deciding rule")
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

    private Counter escalationCounter(String fromTier, String toTier, String outcome) {
        return Counter.builder(ESCALATIONS)
                .description("Escalation requests answered: placed on a higher tier, refused (final FAILED result)"
                        + " or dropped as a repeat of one already answered")
                .tag(FROM_TIER, fromTier)
                .tag(TO_TIER, toTier)
                .tag(OUTCOME, outcome)
                .register(registry);
    }

    private Counter promotionCounter(String fromTier, String toTier) {
        return Counter.builder(ADAPTIVE_PROMOTIONS)
                .description("Tasks adaptive routing placed above their tier because of a low success rate there")
                .tag(FROM_TIER, fromTier)
                .tag(TO_TIER, toTier)
                .register(registry);
    }

    private Counter resultsSkippedCounter(String reasonCode) {
        return Counter.builder(RESULTS_SKIPPED)
                .description("Records on the results topic adaptive routing could not decode and did not count")
                .tag(REASON, reasonCode)
                .register(registry);
    }

    private Counter transactionCounter(String outcome) {
        return Counter.builder(TRANSACTIONS)
                .description("Consume-decide-produce transactions of the router, committed or aborted")
                .tag(OUTCOME, outcome)
                .register(registry);
    }
}
