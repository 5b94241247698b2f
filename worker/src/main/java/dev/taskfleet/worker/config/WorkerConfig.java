package dev.taskfleet.worker.config;

import dev.taskfleet.config.FleetKeys;
import dev.taskfleet.config.SharedFleetConfig;
import dev.taskfleet.config.TierCatalog;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Every {@code taskfleet.*} setting of the worker: the keys every service shares (inherited;
 * {@code worker.tier} must be one of the tier order, and a record over the task limits is
 * dead-lettered {@code INVALID_TASK}) and the worker's own. Kafka and Quarkus settings live in
 * {@code application.properties}; the channel settings there derive topic and group names from
 * {@code taskfleet.topic-prefix} and {@code taskfleet.worker.tier}. The model defaults of the tiers
 * {@code fast} and {@code quality} are in the config module's {@value TierCatalog#RESOURCE}, shared
 * with the CLI. {@code ConfigurationTableTest} checks
 * the README's configuration table against both.
 */
@ConfigMapping(prefix = FleetKeys.PREFIX)
public interface WorkerConfig extends SharedFleetConfig {

    /** This worker instance. */
    Worker worker();

    /** Settings shared by every simulated model. */
    Simulated simulated();

    /**
     * Model settings per tier, keyed by tier name. A tier with no keys set here gets the generic
     * defaults; {@value TierCatalog#RESOURCE} in the config module sets realistic ones for {@code fast} and {@code quality}.
     */
    @WithDefaults
    Map<String, Tier> tiers();

    /** This worker instance. */
    interface Worker {

        /** The tier this worker serves: it reads {@code <prefix>.tasks.<tier>} in group {@code taskfleet-worker-<tier>}. */
        @WithDefault("fast")
        String tier();

        /** Names this instance on its results; defaults to {@code <hostname>-<pid>}. */
        Optional<String> id();

        /** Most tasks in flight at once in this process, 1 to 10000. */
        @WithDefault("64")
        int maxInFlight();

        /**
         * Fewest tasks of one input partition read and waiting for an in-flight permit before the
         * partition is paused: it is paused at its share of {@link #maxWaiting} (divided by the
         * partitions assigned) or at this many if that is more, until a quarter of them have
         * started. Tasks waiting here are started fairly between teams (and between one team's
         * batches), so this is how far the worker reads ahead at least to choose from.
         */
        @WithDefault("16")
        int readAheadPerPartition();

        /**
         * Most tasks read and waiting for a permit in all; at this many every input partition with a
         * task waiting is paused until half of them have started (one with none stays open, so a
         * newcomer's first tasks are still read). Unset: {@code max-in-flight}, so the worker reads
         * ahead at most one full set of permits (prompts may be 100,000 characters each).
         */
        OptionalInt maxWaiting();

        /**
         * A task that has waited this long for a permit starts before any other, whatever the
         * shares between teams and classes say, so no share can hold a task back without bound.
         */
        @WithDefault("60s")
        Duration maxIntakeWait();

        /**
         * A team's weight when the tasks waiting in this worker are shared out, keyed by team
         * ({@code taskfleet.worker.share-weights."<team>"=2}); a team not listed has weight 1. While
         * several teams have tasks waiting, each starts tasks in proportion to its weight.
         */
        Map<String, Integer> shareWeights();

        /** On shutdown, how long to wait for in-flight tasks to publish their results before the channels close. */
        @WithDefault("30s")
        Duration drainTimeout();

        /**
         * How often the worker counts the pods serving its tier (members of the tier's consumer
         * group holding a partition) and splits the rate-limit quotas among them. Only a tier with
         * a rate limit looks.
         */
        @WithDefault("5s")
        Duration quotaSplitInterval();

        /**
         * How far back the cancellation reader starts in {@code <prefix>.batches} at start-up: a
         * batch cancelled earlier than this is forgotten. Cover the longest time a task may wait in
         * the tier topic.
         */
        @WithDefault("7d")
        Duration cancellationLookback();
    }

    /** Settings shared by every simulated model. */
    interface Simulated {

        /** Seed of all simulated randomness; with the same seed a task gets the same latency, length and outcome. */
        @WithDefault("42")
        long seed();
    }

    /** One tier's model. */
    interface Tier {

        /**
         * Which provider runs the tier's calls: {@code simulated} (no model called), {@code openai}
         * (any OpenAI-compatible endpoint), {@code anthropic} (Anthropic's Messages API), or, for work
         * that can wait, a batch API: {@code openai-batch}, {@code anthropic-batch} or {@code simulated-batch}.
         */
        @WithDefault("simulated")
        String provider();

        /** The model name sent to the provider; defaults to {@code sim-<tier>}. */
        Optional<String> model();

        /** Cap on completion tokens sent with every call ({@code max_tokens}). */
        @WithDefault("1024")
        int maxOutputTokens();

        /**
         * API root of an HTTP provider: required for {@code openai} and {@code openai-batch} (e.g.
         * {@code https://api.openai.com/v1}), {@code https://api.anthropic.com} when unset for
         * {@code anthropic} and {@code anthropic-batch}.
         */
        Optional<String> baseUrl();

        /**
         * API key of an HTTP provider (a bearer token for OpenAI-compatible ones, {@code x-api-key}
         * for Anthropic); usually from {@code TASKFLEET_TIERS_<TIER>_API_KEY}. Never logged.
         */
        Optional<String> apiKey();

        /** A file holding the API key (a mounted secret), read at start-up; used when {@code api-key} is not set. */
        Optional<String> apiKeyFile();

        /** Longest one HTTP call to the provider may take, connecting included; past it the call fails with a retryable {@code TIMEOUT}. */
        @WithDefault("60s")
        Duration timeout();

        /** Sampling temperature sent with every HTTP provider's request; unset leaves the model's default. */
        OptionalDouble temperature();

        /** Extra HTTP headers sent with every HTTP provider's call, by header name; one the client sets itself is replaced. */
        Map<String, String> extraHeaders();

        /** The system instruction sent with every HTTP provider's request (a system message; Anthropic's {@code system}); unset sends none. */
        Optional<String> systemPrompt();

        /** Most model calls per task, the first included; retryable failures are retried until then. */
        @WithDefault("3")
        int maxAttempts();

        /**
         * The longest {@code Retry-After} honoured; a provider asking for longer is called again
         * after this. A task waiting to retry holds its in-flight permit, so an unbounded wait would
         * idle the worker's capacity as long as the provider asks.
         */
        @WithDefault("60s")
        Duration maxRetryAfter();

        /**
         * Answers failing the task's {@code expect} after which this tier stops calling for the task
         * (and the task escalates if a tier above exists); each counts as one of {@code max-attempts}.
         */
        @WithDefault("1")
        int maxOutputRejections();

        /** Back-off between attempts. */
        Retry retry();

        /** The fleet's quota at the provider for this tier. */
        RateLimit rateLimit();

        /** How the simulated model behaves. */
        SimulatedModel simulated();

        /** The model's list price. */
        Pricing price();

        /** How a batch tier gathers tasks into provider batches and follows them. */
        Batch batch();
    }

    /** How a batch tier ({@code openai-batch}, {@code anthropic-batch}, {@code simulated-batch}) works. */
    interface Batch {

        /** Most requests in one provider batch (OpenAI takes up to 50,000, Anthropic 100,000). */
        @WithDefault("1000")
        int gatherSize();

        /** Longest the worker gathers tasks before it records what it has as a provider batch. */
        @WithDefault("30s")
        Duration gatherTime();

        /** Largest provider batch in bytes of requests (OpenAI takes files up to 200 MB, Anthropic 256 MB). */
        @WithDefault("100M")
        MemorySize maxBytes();

        /** How often the provider is asked about each provider batch in flight. */
        @WithDefault("30s")
        Duration pollInterval();
    }

    /** How one tier's simulated model behaves. */
    interface SimulatedModel {

        /** Median call latency; latencies are log-normal around it. */
        @WithDefault("1s")
        Duration latencyMedian();

        /** Sigma of the log-normal latency: 0 is constant, 0.35 puts the 95th percentile near 1.8x the median. */
        @WithDefault("0.35")
        double latencySpread();

        /** Share of calls that fail with a retryable error, 0 to 1. */
        @WithDefault("0.01")
        double failureRate();

        /**
         * Median completion length in tokens, log-normal around it and capped at {@code max-output-tokens};
         * also the typical answer length the CLI's cost estimate counts ({@link TierCatalog}).
         */
        @WithDefault(TierCatalog.GENERIC_OUTPUT_TOKENS_MEDIAN)
        long outputTokensMedian();

        /** Sigma of the log-normal completion length. */
        @WithDefault("0.5")
        double outputTokensSpread();

        /** Share of answers to tasks expecting JSON that come back as prose instead (and fail the check), 0 to 1. */
        @WithDefault("0.02")
        double malformedRate();

        /** {@code simulated-batch}: how long after submission a provider batch ends with its answers. */
        @WithDefault("60s")
        Duration batchTurnaround();

        /**
         * The hardest task this model answers right, 0 to 1: a task whose hidden difficulty (its
         * {@code simulated-difficulty} label, seen only by the simulated model) is above it gets a wrong
         * answer, which fails a JSON {@code expect}. Tasks without the label have difficulty 0.
         */
        @WithDefault("1")
        double capability();
    }

    /** Exponential back-off with full jitter between a task's attempts. */
    interface Retry {

        /** The back-off window after the first failure; each retry waits a uniform random time within the window. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** How much the window grows after each further failure. */
        @WithDefault("2")
        double multiplier();

        /** The largest back-off window; a longer {@code Retry-After} from the provider still wins. */
        @WithDefault("30s")
        Duration maxBackoff();
    }

    /**
     * Fleet-wide quotas; each pod takes an equal share among the pods serving the tier, counted
     * every {@code taskfleet.worker.quota-split-interval}.
     */
    interface RateLimit {

        /** Requests per minute for the whole tier; unset is unlimited. */
        OptionalLong requestsPerMinute();

        /** Tokens (prompt + completion) per minute for the whole tier; unset is unlimited. */
        OptionalLong tokensPerMinute();
    }

    /** A model's list price in US dollars. */
    interface Pricing {

        /** Dollars per million prompt tokens; 0 reports every call as free. */
        @WithDefault(TierCatalog.GENERIC_PRICE_PER_MILLION)
        double inputPerMillion();

        /** Dollars per million completion tokens; 0 reports every call as free. */
        @WithDefault(TierCatalog.GENERIC_PRICE_PER_MILLION)
        double outputPerMillion();
    }
}
