package dev.taskfleet.worker.batch.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.RoutedTask;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskValidator;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.KafkaLogin;
import dev.taskfleet.testkit.KafkaTestClients;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.TestBrokers;
import dev.taskfleet.testkit.modelserver.AnthropicBatches;
import dev.taskfleet.testkit.modelserver.AnthropicMessages;
import dev.taskfleet.testkit.modelserver.OpenAiBatches;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.ScriptedBatches;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import dev.taskfleet.worker.batch.BatchRequests;
import dev.taskfleet.worker.batch.Gathering;
import dev.taskfleet.worker.batch.ProviderBatchApi;
import dev.taskfleet.worker.batch.ProviderBatchSteps;
import dev.taskfleet.worker.batch.RequestResolver;
import dev.taskfleet.worker.cancellation.CancellationRegistry;
import dev.taskfleet.worker.cost.Price;
import dev.taskfleet.worker.escalation.EscalationPolicy;
import dev.taskfleet.worker.execution.TaskOutcomes;
import dev.taskfleet.worker.execution.TierProfile;
import dev.taskfleet.worker.flow.InFlightLimiter;
import dev.taskfleet.worker.intake.RoutedTaskReader;
import dev.taskfleet.worker.metrics.WorkerMetrics;
import dev.taskfleet.worker.provider.anthropic.AnthropicBatchApi;
import dev.taskfleet.worker.provider.http.HttpEndpoint;
import dev.taskfleet.worker.provider.http.ProviderHttp;
import dev.taskfleet.worker.provider.openai.OpenAiBatchApi;
import dev.taskfleet.worker.retry.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Batch-tier workers of tier {@code fast} for in-process tests: each a {@link BatchTierLoop} on its
 * own thread against the embedded broker and a scripted provider API on localhost, gathering up to
 * {@code gatherSize} tasks (or for 5 s) and polling every 100 ms. {@link #stopAll()} after each test.
 */
final class BatchTierWorkers {

    /** The tier's provider: the scripted API on the server and the worker's client of it. */
    record Provider(String name, ScriptedBatches scripted, Function<HttpEndpoint, ProviderBatchApi> client,
            String baseUrl, int callsBeforeCreate) {
    }

    private final TopicNames topics;
    private final String prefix;
    private final String bootstrap;
    private final int gatherSize;
    private final Map<String, Object> kafka = new HashMap<>();
    private final List<BatchTierLoop> loops = new ArrayList<>();
    private final Map<BatchTierLoop, MeterRegistry> meters = new HashMap<>();

    /** @param kafkaSettings client settings on top of the bootstrap servers, e.g. {@code max.request.size} */
    BatchTierWorkers(String prefix, String bootstrap, int gatherSize, Map<String, ?> kafkaSettings) {
        this.topics = new TopicNames(prefix);
        this.prefix = prefix;
        this.bootstrap = bootstrap;
        this.gatherSize = gatherSize;
        kafka.putAll(kafkaSettings);
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    }

    /** Workers on the shared test broker under a prefix of their own, {@code <name>-<random>}. */
    static BatchTierWorkers onSharedBroker(String name, int gatherSize) {
        return new BatchTierWorkers(name + "-" + UUID.randomUUID(), TestBrokers.shared().bootstrapServers(),
                gatherSize, Map.of());
    }

    TopicNames topics() {
        return topics;
    }

    String bootstrap() {
        return bootstrap;
    }

    /** The tier topic, results, escalations, dead letters and provider batches, two partitions each. */
    void createTopics() {
        KafkaTestClients.createTopics(bootstrap, 2, List.of(topics.tier("fast"), topics.results(),
                topics.escalations(), topics.deadLetters(), topics.providerBatches()));
    }

    /**
     * {@code count} tasks of {@code batch} routed to tier {@code fast}, encoded, by id; task {@code i}'s
     * prompt is {@code "<verb> <i> <batch>"}.
     */
    static Map<String, String> routedTasks(String batch, int count, String verb) {
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            RoutedTask routed = TaskBuilder.task().id(batch + "-" + i).batch(batch).prompt(verb + " " + i + " " + batch)
                    .routedTo("fast");
            records.put(routed.task().id(), EventCodec.encode(routed));
        }
        return records;
    }

    /** Writes encoded routed tasks to the tier topic, keyed by task id. */
    void send(Map<String, String> records) {
        KafkaTestClients.sendAll(bootstrap, topics.tier("fast"), records);
    }

    static Provider openAi(ScriptedModelServer server) {
        return new Provider("openai-batch", OpenAiBatches.on(server), endpoint -> new OpenAiBatchApi(
                ProviderHttp.defaultClient(endpoint), endpoint, new ObjectMapper(), Clock.systemUTC()),
                OpenAiChat.baseUrl(server), 1);
    }

    static Provider anthropic(ScriptedModelServer server) {
        return new Provider("anthropic-batch", AnthropicBatches.on(server), endpoint -> new AnthropicBatchApi(
                ProviderHttp.defaultClient(endpoint), endpoint, new ObjectMapper(), Clock.systemUTC()),
                AnthropicMessages.baseUrl(server), 0);
    }

    /** Starts one worker of tier {@code fast} on {@code provider}. */
    BatchTierLoop start(Provider provider, String workerId) {
        return start(provider, workerId, UnaryOperator.identity());
    }

    /**
     * Starts one worker of tier {@code fast} on {@code provider}, its Kafka clients made by
     * {@code clientsOf} from the ones the worker would make.
     */
    BatchTierLoop start(Provider provider, String workerId, UnaryOperator<BatchTierLoop.Clients> clientsOf) {
        TierProfile tier = new TierProfile("fast", "gpt-batch-test", 256, new Price(0.075, 0.30));
        RetryPolicy retries = new RetryPolicy(3, Duration.ofMillis(10), 2, Duration.ofMillis(100));
        CancellationRegistry cancellations = new CancellationRegistry();
        TaskOutcomes outcomes = new TaskOutcomes(tier, workerId, Clock.systemUTC(),
                new EscalationPolicy(List.of("fast", "quality")));
        RequestResolver resolver = new RequestResolver(outcomes, retries, cancellations);
        HttpEndpoint endpoint = new HttpEndpoint(URI.create(provider.baseUrl()), Optional.empty(),
                Duration.ofSeconds(5), OptionalDouble.empty(), Map.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BatchTierClients clients = new BatchTierClients(KafkaClientSettings.of(kafka, KafkaLogin.none()), registry);
        BatchTierParts parts = new BatchTierParts(topics,
                new Gathering.Stamp("fast", provider.name(), tier.model(), workerId),
                new RoutedTaskReader("fast", new TaskValidator(TaskLimits.defaults(List.of("fast", "quality")))),
                cancellations, outcomes, Gathering.withRandomIds(gatherSize, 1_000_000, Duration.ofSeconds(5)),
                provider.client().apply(endpoint),
                new ProviderBatchSteps(Duration.ofMillis(100), endpoint.timeout(), resolver), resolver,
                new BatchRequests(tier, retries.maxAttempts()),
                new WorkerMetrics(registry, tier, new InFlightLimiter(1)), Clock.systemUTC(),
                clients.writeLimit(List.of(topics.results(), topics.escalations(), topics.deadLetters())));
        String group = prefix + "-worker-fast";
        BatchTierLoop loop = new BatchTierLoop(parts, clientsOf.apply(
                clients.forWorker(workerId + "-batch", group, workerId + "-batch-tx", prefix + "-" + workerId)));
        Thread thread = new Thread(loop, "batch-tier-" + workerId);
        thread.setDaemon(true);
        thread.start();
        loops.add(loop);
        meters.put(loop, registry);
        return loop;
    }

    /** The meters of the worker that runs {@code loop}. */
    MeterRegistry meters(BatchTierLoop loop) {
        return meters.get(loop);
    }

    void stopAll() throws InterruptedException {
        for (BatchTierLoop loop : loops) {
            loop.stop(Duration.ofSeconds(10));
        }
    }
}
