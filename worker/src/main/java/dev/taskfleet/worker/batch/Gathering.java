package dev.taskfleet.worker.batch;

import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.ProviderBatch;
import dev.taskfleet.contract.ProviderBatchRequest;
import dev.taskfleet.contract.RoutedTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Collects tasks into the next provider batch and says when it is time to record it: when it holds
 * {@code maxRequests} requests or {@code maxBytes} of prompts, or when its first task has waited
 * {@code maxWait}. {@link #seal} turns what it holds into the records of one PENDING provider batch.
 *
 * <p>Not thread-safe: one loop owns it.
 */
public final class Gathering {

    /** A provider batch as first recorded: its record and its requests' records. */
    public record Sealed(ProviderBatch batch, List<ProviderBatchRequest> requests) {
    }

    /** What the sealed provider batches are stamped with. */
    public record Stamp(String tier, String provider, String model, String workerId) {

        public Stamp {
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(workerId, "workerId");
        }
    }

    private record Entry(RoutedTask routed, List<AttemptRecord> calls) {
    }

    private final int maxRequests;
    private final long maxBytes;
    private final Duration maxWait;
    private final Supplier<String> ids;
    private final List<Entry> entries = new ArrayList<>();
    private long bytes;
    private Instant firstAt;

    /** @param ids new provider batch ids; {@link UUID#randomUUID()} outside tests */
    public Gathering(int maxRequests, long maxBytes, Duration maxWait, Supplier<String> ids) {
        if (maxRequests < 1) {
            throw new IllegalArgumentException("a provider batch needs room for at least 1 request, was " + maxRequests);
        }
        if (maxBytes < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("max bytes must be positive and max wait not negative, were "
                    + maxBytes + " and " + maxWait);
        }
        this.maxRequests = maxRequests;
        this.maxBytes = maxBytes;
        this.maxWait = maxWait;
        this.ids = ids;
    }

    public static Gathering withRandomIds(int maxRequests, long maxBytes, Duration maxWait) {
        return new Gathering(maxRequests, maxBytes, maxWait, () -> UUID.randomUUID().toString());
    }

    /**
     * Adds a task; {@code calls} are the calls its placement made in earlier provider batches.
     * Call {@link #full()} after each add.
     */
    public void add(RoutedTask routed, List<AttemptRecord> calls, Instant now) {
        if (entries.isEmpty()) {
            firstAt = now;
        }
        entries.add(new Entry(routed, List.copyOf(calls)));
        bytes += routed.task().prompt() == null ? 0 : routed.task().prompt().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Holds as many requests or bytes as one provider batch may. */
    public boolean full() {
        return entries.size() >= maxRequests || bytes >= maxBytes;
    }

    /** Holds tasks, and the first has waited {@code maxWait}. */
    public boolean due(Instant now) {
        return !entries.isEmpty() && !now.isBefore(firstAt.plus(maxWait));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** Drops everything gathered: its tasks will be read again. */
    public void clear() {
        entries.clear();
        bytes = 0;
        firstAt = null;
    }

    /** The provider batch of everything gathered, PENDING; the gathering is empty again. */
    public Sealed seal(Stamp stamp, Instant now) {
        if (entries.isEmpty()) {
            throw new IllegalStateException("nothing gathered to seal");
        }
        String id = ids.get();
        List<ProviderBatchRequest> requests = new ArrayList<>(entries.size());
        Map<String, Integer> perBatch = new LinkedHashMap<>();
        for (Entry entry : entries) {
            String customId = CustomIds.of(id, requests.size(), entry.routed().task().id());
            requests.add(new ProviderBatchRequest(EventCodec.SCHEMA_VERSION, id, customId, entry.routed(), entry.calls()));
            perBatch.merge(entry.routed().task().batchId() == null ? "" : entry.routed().task().batchId(), 1,
                    Integer::sum);
        }
        ProviderBatch batch = new ProviderBatch(EventCodec.SCHEMA_VERSION, id, stamp.tier(), stamp.provider(),
                stamp.model(), ProviderBatch.State.PENDING, 1, requests.size(), perBatch, now, stamp.workerId(), null,
                null, null, null, null, null, false);
        clear();
        return new Sealed(batch, requests);
    }
}
