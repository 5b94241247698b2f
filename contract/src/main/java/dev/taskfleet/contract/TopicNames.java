package dev.taskfleet.contract;

import java.util.regex.Pattern;

/**
 * Every topic name the fleet uses, derived from one prefix so that several fleets can share a
 * cluster: {@code <prefix>.tasks}, {@code <prefix>.tasks.<tier>}, {@code <prefix>.results},
 * {@code <prefix>.escalations}, {@code <prefix>.batches}, {@code <prefix>.provider-batches} and
 * {@code <prefix>.dlq}.
 *
 * @param prefix the common prefix, {@code taskfleet} by default
 */
public record TopicNames(String prefix) {

    public static final String DEFAULT_PREFIX = "taskfleet";

    /** Kafka's legal topic characters, minus nothing; a tier name must also be a legal topic part. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final Pattern TIER = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public TopicNames {
        if (prefix == null || prefix.isEmpty() || prefix.length() > 200 || !LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix
                    + "' is not usable: it must be 1-200 characters of a-z, A-Z, 0-9, '.', '_' or '-'");
        }
    }

    public String tasks() {
        return prefix + ".tasks";
    }

    public String tier(String tier) {
        requireValidTier(tier);
        return prefix + ".tasks." + tier;
    }

    public String results() {
        return prefix + ".results";
    }

    /** Workers' requests to run a failed task on a stronger tier; read by the router. */
    public String escalations() {
        return prefix + ".escalations";
    }

    /** Batch lifecycle events (accepted, retried, cancelled); read by producers and workers. */
    public String batches() {
        return prefix + ".batches";
    }

    /**
     * What the workers of batch tiers have handed to a provider's batch API and not yet finished:
     * compacted; one {@link ProviderBatch} record per provider batch and one
     * {@link ProviderBatchRequest} per request in it.
     */
    public String providerBatches() {
        return prefix + ".provider-batches";
    }

    public String deadLetters() {
        return prefix + ".dlq";
    }

    /**
     * Tier names become part of topic names, consumer group ids and metric tags, so they are
     * restricted to lower-case letters, digits and dashes.
     */
    public static String requireValidTier(String tier) {
        if (tier == null || !TIER.matcher(tier).matches()) {
            throw new IllegalArgumentException("tier name '" + tier
                    + "' is not usable: it must be 1-32 characters of a-z, 0-9 or '-', starting with a letter or digit");
        }
        return tier;
    }
}
