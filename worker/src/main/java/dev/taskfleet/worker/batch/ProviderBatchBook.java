package dev.taskfleet.worker.batch;

import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.EventDecodingException;
import dev.taskfleet.contract.ProviderBatch;
import dev.taskfleet.contract.ProviderBatchRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider batches of one tier on the partitions of {@code <prefix>.provider-batches} this
 * worker owns, rebuilt from the topic: the latest record of each (by revision) and its requests
 * not yet finished. Records of other tiers are skipped. A tombstone removes a request, or a
 * provider batch with its requests.
 *
 * <p>Not thread-safe: one loop owns it.
 */
public final class ProviderBatchBook {

    /** What {@link #apply} made of a record. */
    public enum Applied {
        /** It changed what the book holds. */
        CHANGED,
        /** Another tier's, an older revision, or a key the book does not use. */
        IGNORED,
        /** Not a record this build can read; skipped. */
        UNREADABLE
    }

    private final String tier;
    private final Map<String, ProviderBatch> batches = new LinkedHashMap<>();
    private final Map<String, Integer> partitions = new HashMap<>();
    private final Map<String, Map<String, ProviderBatchRequest>> requests = new HashMap<>();

    public ProviderBatchBook(String tier) {
        this.tier = tier;
    }

    /** Takes in one record of partition {@code partition}; {@code value} is {@code null} for a tombstone. */
    public Applied apply(int partition, String key, byte[] value) {
        if (key == null) {
            return Applied.IGNORED;
        }
        String id = ProviderBatchRequest.providerBatchOf(key);
        if (ProviderBatchRequest.isRequestKey(key)) {
            String customId = key.substring(id.length() + ProviderBatchRequest.KEY_SEPARATOR.length());
            if (value == null) {
                Map<String, ProviderBatchRequest> of = requests.get(id);
                return of != null && of.remove(customId) != null ? Applied.CHANGED : Applied.IGNORED;
            }
            ProviderBatchRequest request;
            try {
                request = EventCodec.decodeProviderBatchRequest(value);
            } catch (EventDecodingException e) {
                return Applied.UNREADABLE;
            }
            if (!tier.equals(request.routed().tier())) {
                return Applied.IGNORED;
            }
            requests.computeIfAbsent(id, any -> new LinkedHashMap<>()).put(request.customId(), request);
            partitions.putIfAbsent(id, partition);
            return Applied.CHANGED;
        }
        if (value == null) {
            return forget(id) ? Applied.CHANGED : Applied.IGNORED;
        }
        ProviderBatch batch;
        try {
            batch = EventCodec.decodeProviderBatch(value);
        } catch (EventDecodingException e) {
            return Applied.UNREADABLE;
        }
        if (!tier.equals(batch.tier())) {
            return Applied.IGNORED;
        }
        return record(partition, batch) ? Applied.CHANGED : Applied.IGNORED;
    }

    /** Takes note of a record this worker wrote (and will read back, then ignored as not newer). */
    public boolean record(int partition, ProviderBatch batch) {
        ProviderBatch known = batches.get(batch.id());
        if (known != null && known.revision() >= batch.revision()) {
            return false;
        }
        batches.put(batch.id(), batch);
        partitions.put(batch.id(), partition);
        return true;
    }

    /** Takes note of a request this worker wrote. */
    public void record(int partition, ProviderBatchRequest request) {
        requests.computeIfAbsent(request.providerBatch(), any -> new LinkedHashMap<>()).put(request.customId(), request);
        partitions.putIfAbsent(request.providerBatch(), partition);
    }

    /** Drops one request of a provider batch (it has its outcome). */
    public void forget(String id, String customId) {
        Map<String, ProviderBatchRequest> of = requests.get(id);
        if (of != null) {
            of.remove(customId);
        }
    }

    /** Drops a provider batch and its requests; {@code true} if it held any of them. */
    public boolean forget(String id) {
        boolean held = batches.remove(id) != null;
        held |= requests.remove(id) != null;
        partitions.remove(id);
        return held;
    }

    /** Drops everything on {@code lost} partitions (another worker owns them now); returns the ids dropped. */
    public List<String> forgetPartitions(Collection<Integer> lost) {
        List<String> ids = partitions.entrySet().stream().filter(e -> lost.contains(e.getValue()))
                .map(Map.Entry::getKey).toList();
        ids.forEach(this::forget);
        return ids;
    }

    /** Every provider batch held, oldest record first. */
    public List<ProviderBatch> batches() {
        return List.copyOf(batches.values());
    }

    public Optional<ProviderBatch> batch(String id) {
        return Optional.ofNullable(batches.get(id));
    }

    /** The partition a provider batch's records are on. */
    public int partitionOf(String id) {
        Integer partition = partitions.get(id);
        if (partition == null) {
            throw new IllegalArgumentException("no provider batch " + id + " in the book");
        }
        return partition;
    }

    /** The requests of a provider batch not yet finished, in the order they were recorded. */
    public List<ProviderBatchRequest> requests(String id) {
        Map<String, ProviderBatchRequest> of = requests.get(id);
        return of == null ? List.of() : new ArrayList<>(of.values());
    }

    /** Provider batches held, by state, for the gauge. */
    public long count(ProviderBatch.State state) {
        return batches.values().stream().filter(batch -> batch.state() == state).count();
    }

    public int size() {
        return batches.size();
    }
}
