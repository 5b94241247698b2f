package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.contract.AttemptRecord;
import dev.taskfleet.contract.OutputExpectation;
import dev.taskfleet.contract.ResultStatus;
import dev.taskfleet.contract.TaskResult;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.kafka.AccessRefusal;
import dev.taskfleet.kafka.AccessRefusals;
import dev.taskfleet.kafka.KafkaClientSettings;
import dev.taskfleet.kafka.KafkaLogin;
import dev.taskfleet.kafka.TopicFollower;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.fleet.LocalFleet;
import dev.taskfleet.launcher.process.ServiceProcess;
import dev.taskfleet.testkit.ResultsCollector;
import dev.taskfleet.testkit.SecuredKafkaBroker;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged fleet against a secured broker, with least privilege: the broker takes SASL_SSL
 * (SCRAM-SHA-512) logins only, trusts a CA made for the run, and its standard authorizer holds
 * exactly the ACLs the Helm chart declares ({@link ChartAcls}), nothing else. Each service logs in
 * as its own principal from login files, as the launcher and a mounted Secret provide them.
 *
 * <p>The user's loop runs end to end (submit, route, run, escalate, results, retry, cancel), so any
 * right the fleet needs and the chart forgets fails here. Operations outside a service's rights
 * are refused: a worker's principal may not write the tasks topic nor the producer's read a tier
 * topic; a worker misconfigured to write its results to the tasks topic says so in one log line
 * naming principal, operation and topic, and its liveness check is DOWN with the same reason.
 * No password appears in any log. The fast tier's model is the scripted server, held at its
 * gate where a test needs work kept open.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredFleetEndToEndTest {

    private static final String PREFIX = "e2e-secure";
    private static final TopicNames TOPICS = new TopicNames(PREFIX);
    private static final Path HOME = Path.of(System.getProperty("taskfleet.home", "..")).toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofMinutes(2);

    private static final ScriptedModelServer fastModel = ScriptedModelServer.start();
    private static SecuredKafkaBroker broker;
    private static Map<String, ChartAcls.Principal> principals;
    private static Path logins;
    private static final List<String> passwords = new ArrayList<>();
    private static LocalFleet fleet;
    private static ResultsCollector results;
    private static BatchClient client;

    @BeforeAll
    static void startTheFleetUnderTheChartsAcls() throws Exception {
        broker = SecuredKafkaBroker.start();
        principals = ChartAcls.render(HOME.resolve("helm/taskfleet"), PREFIX);
        logins = Files.createDirectories(HOME.resolve("e2e-tests/target/fleet-secure/logins"));
        SecureRandom random = new SecureRandom();
        List<AclBinding> acls = new ArrayList<>();
        for (ChartAcls.Principal principal : principals.values()) {
            String password = randomPassword(random);
            passwords.add(password);
            broker.addUser(principal.user(), password);
            Path folder = Files.createDirectories(logins.resolve(principal.login()));
            Files.writeString(folder.resolve("username"), principal.user());
            Files.writeString(folder.resolve("password"), password);
            acls.addAll(principal.acls());
        }
        broker.grant(acls);

        fastModel.route(OpenAiChat.COMPLETIONS)
                .whenPromptContains("answer in JSON", OpenAiChat.ok("Here is a summary, in prose.", 12, 8))
                .whenPromptContains("refused prompt", OpenAiChat.error(400, "this prompt is not accepted"))
                .otherwise(request -> OpenAiChat.ok("done", 12, 8));
        var builder = PackagedFleet.gatedTier(PackagedFleet.builder("fleet-secure", PREFIX, List.of("fast", "quality")),
                        "fast", fastModel)
                .bootstrapServers(broker.bootstrapServers())
                .kafkaLogins(logins)
                .serviceProperty("taskfleet.worker.max-in-flight", "4")
                .serviceProperty("taskfleet.tiers.quality.simulated.latency-median", "PT0.2S")
                .serviceProperty("taskfleet.tiers.quality.simulated.failure-rate", "0")
                .serviceProperty("taskfleet.tiers.quality.simulated.malformed-rate", "0");
        broker.transportSettings().forEach((key, value) -> {
            if (!key.equals("bootstrap.servers")) {
                builder.serviceProperty("kafka." + key, value);
            }
        });
        fleet = builder.build();
        fleet.start(Duration.ofMinutes(3));
        results = new ResultsCollector(broker.superUserBootstrapServers(), TOPICS.results());
        client = PackagedFleet.client(fleet);
    }

    @AfterAll
    static void stopEverything() {
        if (results != null) {
            results.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        fastModel.close();
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void theBrokerHoldsExactlyTheChartsAclsForEveryServiceOfTheFleet() {
        assertThat(principals).containsKeys("producer", "router", "worker-fast", "worker-quality");
        assertThat(broker.acls()).containsExactlyInAnyOrderElementsOf(
                principals.values().stream().flatMap(p -> p.acls().stream()).toList());
    }

    @Test
    @Order(2)
    void submitRouteRunEscalateRetryAndCancelWorkWithLeastPrivilege() {
        List<String> tasks = new ArrayList<>();
        IntStream.range(0, 6).forEach(i -> tasks.add(TaskBuilder.task().id("plain-" + i).type("refactor").submissionJson()));
        IntStream.range(0, 2).forEach(i -> tasks.add(TaskBuilder.task().id("json-" + i).type("refactor")
                .prompt("Summarise HttpClient.send; answer in JSON.").expect(OutputExpectation.json()).submissionJson()));
        IntStream.range(0, 2).forEach(i -> tasks.add(TaskBuilder.task().id("refused-" + i).type("refactor")
                .prompt("A refused prompt, number " + i + ".").submissionJson()));
        String batchId = submit(tasks);

        BatchStatus done = awaitFinished(batchId);
        assertThat(done.succeeded()).isEqualTo(8);
        assertThat(done.failed()).isEqualTo(2);
        Map<String, TaskResult> byTask = latest(batchId);
        assertThat(byTask.get("plain-0").tier()).isEqualTo("fast");
        assertThat(byTask.get("json-0").tier()).as("escalated: worker writes escalations, router places them").isEqualTo("quality");
        assertThat(byTask.get("json-0").history()).as("fast is asked twice first")
                .extracting(AttemptRecord::tier).containsExactly("fast", "fast", "quality");
        assertThat(byTask.get("refused-0").error().code()).isEqualTo("BAD_REQUEST");

        assertThat(client.retry(batchId, "quality").resubmitted()).isEqualTo(2);
        await().atMost(WAIT).until(() -> client.status(batchId).failed() == 0
                && client.status(batchId).state() == BatchState.COMPLETED);
        assertThat(latest(batchId).get("refused-1")).satisfies(result -> {
            assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(result.run()).isEqualTo(2);
            assertThat(result.tier()).isEqualTo("quality");
        });

        fastModel.holdAfter(0);
        String cancelled = submit(IntStream.range(0, 30)
                .mapToObj(i -> TaskBuilder.task().id("cancel-" + i).type("refactor").submissionJson()).toList());
        await().atMost(WAIT).until(() -> fastModel.heldRequests() == 4);
        client.cancel(cancelled);
        Path workerLog = fleet.service(LocalFleet.workerName("fast")).logFile();
        await().atMost(WAIT).until(() -> Files.readString(workerLog).contains("batch " + cancelled + " run 1 cancelled"));
        fastModel.release();
        BatchStatus cancelledStatus = awaitFinished(cancelled);
        assertThat(cancelledStatus.state()).isEqualTo(BatchState.CANCELLED);
        assertThat(cancelledStatus.succeeded()).as("the calls in flight finish").isEqualTo(4);
        assertThat(cancelledStatus.cancelled()).as("nothing else starts").isEqualTo(26);
    }

    @Test
    @Order(3)
    void aWorkerMayNotWriteTheTasksTopicNorTheProducerReadATierTopic() throws Exception {
        KafkaClientSettings worker = settingsOf("worker-fast");
        Map<String, Object> producerConfig = worker.producer("e2e-forbidden-write");
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, String> asWorker = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> asWorker.send(new ProducerRecord<>(TOPICS.tasks(), "k", "{}")).get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(AccessRefusals.jvm().refusals()).contains(
                new AccessRefusal("User:" + principals.get("worker-fast").user(), "WRITE", "topic", TOPICS.tasks()));

        KafkaClientSettings producer = settingsOf("producer");
        TopicFollower asProducer = TopicFollower.builder("e2e-forbidden-read", List.of(TOPICS.tier("fast")))
                .consumer(() -> new KafkaConsumer<>(producer.follower("e2e-forbidden-read")))
                .principal(producer.principal())
                .handler(record -> { })
                .build();
        try (asProducer) {
            asProducer.start();
            await().atMost(WAIT).until(() -> asProducer.failure() != null);
        }
        assertThat(asProducer.failure()).isInstanceOf(TopicAuthorizationException.class);
        assertThat(AccessRefusals.jvm().refusals()).contains(
                new AccessRefusal("User:" + principals.get("producer").user(), "READ", "topic", TOPICS.tier("fast")));
    }

    @Test
    @Order(4)
    void aWorkerConfiguredToWriteTheTasksTopicIsRefusedWithOneLineAndSaysWhyInItsHealth() throws Exception {
        fleet.service(LocalFleet.workerName("fast")).stop(Duration.ofSeconds(60));
        ServiceProcess misconfigured = fleet.startWorker("fast",
                Map.of("mp.messaging.outgoing.results.topic", TOPICS.tasks()));
        misconfigured.awaitReady(WAIT);

        submit(List.of(TaskBuilder.task().id("misrouted-0").type("refactor").submissionJson()));

        String refusal = "Kafka refused User:" + principals.get("worker-fast").user() + " WRITE on topic " + TOPICS.tasks();
        await().atMost(WAIT).until(() -> Files.readString(misconfigured.logFile()).contains(refusal));
        HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(misconfigured.baseUrl() + "/q/health/live")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(503);
        assertThat(live.body()).contains("\"kafka-access\"").contains(refusal);
        try (Stream<String> lines = Files.lines(misconfigured.logFile())) {
            // Lines whose message is the refusal; SmallRye's log of a DOWN health answer quotes it as the reason.
            assertThat(lines.filter(line -> line.contains(") " + refusal))).as("one line, not one per record").hasSize(1);
        }
    }

    @Test
    @Order(5)
    void noServiceLogsAPassword() throws Exception {
        List<Path> logs;
        try (Stream<Path> files = Files.list(HOME.resolve("e2e-tests/target/fleet-secure/logs"))) {
            logs = files.filter(file -> file.toString().endsWith(".log")).toList();
        }
        assertThat(logs).hasSizeGreaterThanOrEqualTo(5);
        for (Path log : logs) {
            String text = Files.readString(log);
            assertThat(text).as(log.toString()).contains("Kafka clients connect with SASL_SSL, SCRAM-SHA-512 as User:");
            passwords.forEach(password -> assertThat(text).as(log + " holds no password").doesNotContain(password));
        }
    }

    private static String randomPassword(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static KafkaClientSettings settingsOf(String login) {
        Map<String, Object> kafka = new LinkedHashMap<>(broker.transportSettings());
        Path folder = logins.resolve(login);
        return KafkaClientSettings.of(kafka, KafkaLogin.files(folder.resolve("username"), folder.resolve("password")));
    }

    private static String submit(List<String> tasks) {
        String body = tasks.stream().collect(Collectors.joining("\n", "", "\n"));
        var response = client.submitJsonl(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.accepted()).as(response.toString()).isEqualTo(tasks.size());
        return response.batchId();
    }

    private static BatchStatus awaitFinished(String batchId) {
        await().atMost(WAIT).until(() -> {
            BatchStatus status = client.status(batchId);
            return status.finished() == status.total();
        });
        return client.status(batchId);
    }

    /** The newest run's result per task, as the producer serves it. */
    private static Map<String, TaskResult> latest(String batchId) {
        Map<String, TaskResult> byTask = new LinkedHashMap<>();
        results.resultsOfBatch(batchId).forEach(result -> byTask.merge(result.taskId(), result,
                (earlier, later) -> later.run() > earlier.run() ? later : earlier));
        return byTask;
    }
}
