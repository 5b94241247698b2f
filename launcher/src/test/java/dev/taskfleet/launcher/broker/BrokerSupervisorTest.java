package dev.taskfleet.launcher.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.launcher.process.RunDirectory;
import dev.taskfleet.testkit.ProcessSignals;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor against the real broker JVM from {@code target/lib} on free ports, killed with
 * SIGKILL as a crash would end it.
 */
class BrokerSupervisorTest {

    private static final Path LIB = Path.of("target", "lib");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final String TOPIC = "kept";

    @TempDir
    Path dir;

    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RunDirectory runDirectory;

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void startsAKilledBrokerAgainOnItsPortAndDataAndClientsOfTheFirstRunCarryOn() throws Exception {
        BrokerProcess first = startedBroker();
        BrokerSupervisor supervisor = supervisor(first, 3);
        createTopic(first);
        KafkaProducer<String, String> producer = closeLater(new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()),
                new StringSerializer(), new StringSerializer()));
        KafkaConsumer<String, String> consumer = closeLater(consumerFromTheBeginning(first));
        producer.send(new ProducerRecord<>(TOPIC, "k", "before the kill")).get(30, TimeUnit.SECONDS);
        assertThat(pollUntil(consumer, "before the kill")).containsExactly("before the kill");

        supervisor.restartIfStopped();
        assertThat(supervisor.broker()).as("a running broker is left alone").isSameAs(first);
        assertThat(reports).isEmpty();

        first.kill();
        supervisor.restartIfStopped();

        BrokerProcess second = supervisor.broker();
        assertThat(second).isNotSameAs(first);
        assertThat(second.isAlive()).isTrue();
        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(List.of(second.port(), second.controllerPort())).containsExactly(first.port(), first.controllerPort());
        assertThat(recordedPid()).as("the pid file names the new process").isEqualTo(second.pid());
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0)).isEqualTo("the Kafka broker stopped (exit code " + first.exitCode()
                + "); starting it again on its data (restart 1 of 3 within 10 min)");
        assertThat(reports.get(1)).matches("broker ready again in \\d+\\.\\d s");

        assertThat(readFromTheBeginning(second)).as("the record written before the kill").containsExactly("before the kill");
        producer.send(new ProducerRecord<>(TOPIC, "k", "after the restart")).get(30, TimeUnit.SECONDS);
        assertThat(pollUntil(consumer, "after the restart")).as("the consumer of the first run, after the restart")
                .containsExactly("after the restart");
    }

    @Test
    void onceTheBudgetIsSpentABrokerThatDiesEndsSupervisionWithItsLogTail() {
        BrokerProcess first = startedBroker();
        BrokerSupervisor supervisor = supervisor(first, 1);
        first.kill();
        supervisor.restartIfStopped();
        BrokerProcess second = supervisor.broker();
        assertThat(second.isAlive()).isTrue();

        second.kill();
        appendToLog(second, "the second run's last line");
        assertThatThrownBy(supervisor::restartIfStopped)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the Kafka broker stopped unexpectedly (exit code " + second.exitCode()
                        + ") and was already started again once within 10 min; last lines of " + second.logFile())
                .hasMessageEndingWith("the second run's last line");
        assertThat(supervisor.broker()).as("no third broker").isSameAs(second);
        assertThat(second.isAlive()).isFalse();
    }

    @Test
    void closingWhileABrokerRestartsStopsTheNewBroker() throws Exception {
        BrokerProcess first = startedBroker();
        BrokerSupervisor supervisor = supervisor(first, 3);
        first.kill();

        CompletableFuture<Void> restart = CompletableFuture.runAsync(supervisor::restartIfStopped);
        // The new process (found by its command line) is frozen as soon as it runs, so it cannot
        // answer before the close, however fast it starts: the close lands mid-restart. Frozen, it
        // ignores the close's SIGTERM, and the close kills it after its 30 s grace.
        await().atMost(Duration.ofSeconds(30)).until(() -> !brokersRunningOn(first.configFile()).isEmpty());
        brokersRunningOn(first.configFile()).forEach(ProcessSignals::freeze);
        supervisor.close();
        restart.get(1, TimeUnit.MINUTES);

        assertThat(reports).as("the restart reported, never ready: the close came mid-restart").hasSize(1);
        assertThat(supervisor.broker().isAlive()).isFalse();
        assertThat(brokersRunningOn(first.configFile())).isEmpty();
        assertThat(runDirectory.dir().resolve(BrokerProcess.NAME + ".pid")).doesNotExist();
    }

    @Test
    void closingBeforeTheRestartStartsItsProcessStartsNone() {
        BrokerProcess first = startedBroker();
        AtomicReference<BrokerSupervisor> supervisor = new AtomicReference<>();
        // The restart is reported before its process starts: closing there is a shutdown hook
        // arriving between the decision to restart and the new process.
        supervisor.set(closeLater(new BrokerSupervisor(first, new RestartBudget(3, Duration.ofMinutes(10), Clock.systemUTC()),
                READY_TIMEOUT, runDirectory(), line -> supervisor.get().close())));
        first.kill();

        supervisor.get().restartIfStopped();

        assertThat(supervisor.get().broker()).isSameAs(first);
        assertThat(brokersRunningOn(first.configFile())).isEmpty();
    }

    private BrokerProcess startedBroker() {
        BrokerProcess broker = closeLater(BrokerProcess.start(dir.resolve("kafka"), LIB, 0, 0, dir.resolve("logs")));
        broker.awaitReady(READY_TIMEOUT);
        return broker;
    }

    private BrokerSupervisor supervisor(BrokerProcess broker, int maxRestarts) {
        return closeLater(new BrokerSupervisor(broker, new RestartBudget(maxRestarts, Duration.ofMinutes(10), Clock.systemUTC()),
                READY_TIMEOUT, runDirectory(), reports::add));
    }

    private RunDirectory runDirectory() {
        runDirectory = new RunDirectory(dir.resolve("run"));
        return runDirectory;
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private long recordedPid() throws IOException {
        Properties record = new Properties();
        try (Reader in = Files.newBufferedReader(runDirectory.dir().resolve(BrokerProcess.NAME + ".pid"))) {
            record.load(in);
        }
        return Long.parseLong(record.getProperty("pid"));
    }

    private static void createTopic(BrokerProcess broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaConsumer<String, String> consumerFromTheBeginning(BrokerProcess broker) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer());
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    /** Polls until {@code value} arrives; returns every value received meanwhile. */
    private static List<String> pollUntil(KafkaConsumer<String, String> consumer, String value) {
        List<String> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> received.add(record.value()));
            return received.contains(value);
        });
        return received;
    }

    private static List<String> readFromTheBeginning(BrokerProcess broker) {
        try (KafkaConsumer<String, String> consumer = consumerFromTheBeginning(broker)) {
            return pollUntil(consumer, "before the kill");
        }
    }

    /** Stands for the last lines a crashed broker wrote, which the error must show. */
    private static void appendToLog(BrokerProcess broker, String line) {
        try {
            Files.writeString(broker.logFile(), line + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Live processes whose command line names this broker's configuration, as the pid files' signature does. */
    private static List<ProcessHandle> brokersRunningOn(Path configFile) {
        String signature = configFile.toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(signature)).orElse(false))
                .toList();
    }
}
