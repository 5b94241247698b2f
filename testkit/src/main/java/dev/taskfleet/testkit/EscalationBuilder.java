package dev.taskfleet.testkit;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ResultError;
import dev.taskfleet.contract.RoutedTask;
import java.time.Instant;
import java.util.List;

/**
 * Builds {@link EscalationRequest}s: by default {@code worker-1} gives up on the task of
 * {@link RoutedTaskBuilder#aRoutedTask()} because its answer was not valid JSON
 * ({@code OUTPUT_REJECTED}), with no calls in the history. Each setter returns a new builder.
 */
public final class EscalationBuilder extends VariantBuilder<EscalationBuilder> {

    private int schemaVersion = EventCodec.SCHEMA_VERSION;
    private RoutedTask routed;
    private List<AttemptRecord> history = List.of();
    private ResultError error = new ResultError("OUTPUT_REJECTED", "the answer is not valid JSON");
    private String workerId = "worker-1";
    private Instant requestedAt = Instant.parse("2026-01-01T00:00:00Z");

    private EscalationBuilder() {
    }

    public static EscalationBuilder anEscalation() {
        return new EscalationBuilder();
    }

    public EscalationBuilder schemaVersion(int schemaVersion) {
        return with(b -> b.schemaVersion = schemaVersion);
    }

    /** The task as it ran on the tier it failed on. */
    public EscalationBuilder of(RoutedTask routed) {
        return with(b -> b.routed = routed);
    }

    public EscalationBuilder of(RoutedTaskBuilder routed) {
        return of(routed.build());
    }

    /** Every model call made so far, including those on the tier that gave up. */
    public EscalationBuilder history(AttemptRecord... calls) {
        return history(List.of(calls));
    }

    public EscalationBuilder history(List<AttemptRecord> calls) {
        return with(b -> b.history = List.copyOf(calls));
    }

    /** Why the task failed on its tier. */
    public EscalationBuilder because(String code, String message) {
        return because(new ResultError(code, message));
    }

    public EscalationBuilder because(ResultError error) {
        return with(b -> b.error = error);
    }

    public EscalationBuilder worker(String workerId) {
        return with(b -> b.workerId = workerId);
    }

    public EscalationBuilder requestedAt(Instant requestedAt) {
        return with(b -> b.requestedAt = requestedAt);
    }

    public EscalationRequest build() {
        return new EscalationRequest(schemaVersion, routed == null ? RoutedTaskBuilder.aRoutedTask().build() : routed,
                history, error, workerId, requestedAt);
    }
}
