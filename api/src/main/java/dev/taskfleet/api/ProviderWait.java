package dev.taskfleet.api;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What of a batch waits at a provider's batch API ("come back later"): tasks a batch tier has
 * handed to provider batches that have not ended yet. Read from the workers' records on
 * {@code <prefix>.provider-batches}.
 *
 * @param tasks           tasks of the batch held in provider batches in flight
 * @param providerBatches provider batches in flight holding at least one of them
 * @param expectedBy      the latest time by which the provider promised to answer them (its batch
 *                        window's end), or {@code null} while none has been accepted by the provider yet
 */
public record ProviderWait(
        @Schema(required = true) long tasks,
        @Schema(required = true) int providerBatches,
        @Schema(required = true) Instant expectedBy) {

    /** Nothing waiting at a provider. */
    public static final ProviderWait NONE = new ProviderWait(0, 0, null);
}
