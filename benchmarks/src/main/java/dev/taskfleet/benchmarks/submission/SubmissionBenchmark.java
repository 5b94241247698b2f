package dev.taskfleet.benchmarks.submission;

import dev.taskfleet.benchmarks.BenchTopics;
import dev.taskfleet.benchmarks.HarnessOptions;
import dev.taskfleet.benchmarks.Jcmd;
import dev.taskfleet.benchmarks.OneService;
import dev.taskfleet.benchmarks.ProcessSampler;
import dev.taskfleet.benchmarks.ScratchDirectory;
import dev.taskfleet.contract.TopicNames;
import dev.taskfleet.launcher.broker.BrokerProcess;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.client.SubmitResponse;
import dev.taskfleet.launcher.process.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Issue 5: submitting a large JSONL file (100,000 tasks by default) to the producer alone, time to
 * the 202 and the producer's peak heap, which must stay bounded because the body is streamed into
 * Kafka, never loaded. Compared in the same run with a smaller file (the heap must not grow with
 * it) and with a plain KafkaProducer sending the same records (the ceiling).
 *
 * <p>Starts a broker on free ports; per case a fresh producer (auth off, its own topic prefix,
 * a GC log), an unmeasured warm-up batch, then the measured file, streamed from disk. Heap figures
 * come from the GC log (heap use before and after every collection, exact and free) plus the heap
 * use {@code /q/metrics} reports right after the 202; RSS and CPU from {@code /proc}. After the
 * producer stops, the records it published are read back and sent again by a plain producer.
 */
public final class SubmissionBenchmark {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> TIERS = List.of("fast", "quality");
    private static final String JFR_RECORDING = "submission";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final SubmissionOptions options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private SubmissionBenchmark(SubmissionOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions.run(new SubmissionOptions(), args, options -> {
            List<SubmissionMeasurement> rows = new SubmissionBenchmark(options).run();
            System.out.println();
            System.out.print(SubmissionTable.render(rows));
        });
    }

    private List<SubmissionMeasurement> run() throws IOException {
        Path work = options.workDir();
        Files.createDirectories(work);
        log("run %s, repository %s, work directory %s, cases %s", runId, options.home(), work, options.cases());
        Path warmupFile = work.resolve("warmup.jsonl");
        TaskFile.write(warmupFile, "warmup", options.warmupTasks(), options.seed() + 1);
        Map<Integer, Path> files = new HashMap<>();
        for (SubmissionOptions.Case c : options.cases()) {
            if (!files.containsKey(c.tasks())) {
                Path file = work.resolve("tasks-" + c.tasks() + ".jsonl");
                long bytes = TaskFile.write(file, "task", c.tasks(), options.seed());
                log("wrote %s: %d tasks, %.1f MiB", file.getFileName(), c.tasks(), bytes / 1048576.0);
                files.put(c.tasks(), file);
            }
        }
        List<SubmissionMeasurement> rows = new ArrayList<>();
        try (ScratchDirectory brokerData = ScratchDirectory.create(work, "broker-");
                BrokerProcess broker = BrokerProcess.start(brokerData.path(), options.home().resolve("launcher/target/lib"),
                        0, 0, work.resolve("logs"))) {
            broker.awaitReady(READY_TIMEOUT);
            log("broker ready on %s", broker.bootstrapServers());
            for (int i = 0; i < options.cases().size(); i++) {
                SubmissionOptions.Case c = options.cases().get(i);
                SubmissionMeasurement row = runCase(broker.bootstrapServers(), i + 1, c, files.get(c.tasks()), warmupFile);
                rows.add(row);
                log("case %d: %d tasks in %.2f s (%.0f tasks/s, raw Kafka %.0f/s, %.0f%%), peak heap %.0f MiB, "
                                + "max after GC %.0f MiB, peak RSS %d MiB", i + 1, row.tasks(), row.seconds(),
                        row.tasksPerSecond(), row.rawTasksPerSecond(), 100 * row.fractionOfRaw(), row.peakHeapMib(),
                        row.maxAfterGcMib(), row.peakRssKib() / 1024);
            }
        }
        return rows;
    }

    private SubmissionMeasurement runCase(String bootstrapServers, int number, SubmissionOptions.Case c, Path file,
                                          Path warmupFile) throws IOException {
        String prefix = "sub-" + runId + "-c" + number;
        Path caseDir = options.workDir().resolve("case-" + number);
        Files.createDirectories(caseDir);
        Path gcLog = caseDir.resolve("producer-gc.log");
        log("case %d: %d tasks, producer -Xmx%s (topic prefix %s)", number, c.tasks(), c.heap(), prefix);
        String batchId;
        long submitMs;
        long acceptedMs;
        long peakRss;
        long cpuTicks;
        long heapAtEnd;
        try (ServiceProcess producer = OneService.start(options.home(), "producer", bootstrapServers, prefix, TIERS,
                List.of("-Xmx" + c.heap(), GcLog.jvmOption(gcLog)),
                Map.of("taskfleet.auth.enabled", "false", "taskfleet.producer.max-batch-bytes", options.maxBatchBytes()),
                Map.of(), caseDir.resolve("logs"))) {
            producer.awaitReady(READY_TIMEOUT);
            BatchClient client = new BatchClient(producer.baseUrl());
            for (int batch = 1; options.warmupTasks() > 0 && batch <= options.warmupBatches(); batch++) {
                log("case %d: warm-up %d of %d, %d tasks (not measured)", number, batch, options.warmupBatches(),
                        options.warmupTasks());
                requireAll(client.submitJsonl(warmupFile), options.warmupTasks());
            }
            Path jfr = options.jfr();
            if (jfr != null) {
                Files.createDirectories(jfr);
                Jcmd.startRecording(producer.pid(), JFR_RECORDING, jfr.resolve("producer-case-" + number + ".jfr"));
            }
            try (ProcessSampler sampler = ProcessSampler.start(producer.pid())) {
                submitMs = System.currentTimeMillis();
                SubmitResponse response = client.submitJsonl(file);
                acceptedMs = System.currentTimeMillis();
                cpuTicks = sampler.cpuTicksSinceStart();
                peakRss = Math.max(sampler.peakRssKib(), ProcessSampler.rssKib(producer.pid()));
                batchId = requireAll(response, c.tasks());
            }
            if (jfr != null) {
                Jcmd.stopRecording(producer.pid(), JFR_RECORDING);
                log("case %d: JFR recording of the producer in %s", number, jfr);
            }
            heapAtEnd = heapUsed(producer.baseUrl());
        }
        GcLog.HeapWindow heap = GcLog.window(GcLog.read(gcLog), submitMs, acceptedMs);
        long rawMs = rawCeiling(bootstrapServers, prefix, batchId, c.tasks());
        return new SubmissionMeasurement(c.tasks(), c.heap(), Files.size(file), submitMs, acceptedMs,
                Math.max(heap.peakUsedBefore(), heapAtEnd), heap.maxUsedAfter(), heap.collections(), peakRss, cpuTicks,
                rawMs);
    }

    /**
     * Re-sends the producer's records of the batch with a plain producer, after sending them all once
     * unmeasured (warm-up), {@code --raw-passes} times to fresh topics: the median pass, as one pass
     * lasts about a second and single passes ranged 64,000-228,000 records/s between runs on a quiet
     * machine (docs/BENCHMARKS.md).
     */
    private long rawCeiling(String bootstrapServers, String prefix, String batchId, int tasks) {
        List<String> targets = new ArrayList<>();
        for (int pass = 1; pass <= options.rawPasses(); pass++) {
            targets.add(prefix + ".raw-" + pass);
        }
        String warmupTarget = prefix + ".raw-warmup";
        List<String> topics = new ArrayList<>(targets);
        topics.add(warmupTarget);
        BenchTopics.create(bootstrapServers, 6, topics.toArray(String[]::new));
        List<ProducerRecord<byte[], byte[]>> records = RawProducerCeiling.readBatch(bootstrapServers,
                new TopicNames(prefix).tasks(), batchId, warmupTarget);
        requireEachTaskOnce(records, batchId, tasks);
        // The whole set once, unmeasured: a send of 10,000 records is over in well under a second,
        // short enough for JIT and topic metadata to dominate it if the first pass were timed.
        RawProducerCeiling.timeSend(bootstrapServers, records);
        List<Long> passes = new ArrayList<>();
        for (String target : targets) {
            passes.add(RawProducerCeiling.timeSend(bootstrapServers, records.stream()
                    .map(r -> new ProducerRecord<>(target, r.key(), r.value())).toList()));
        }
        log("raw producer passes (ms): %s", passes);
        return passes.stream().sorted().toList().get(passes.size() / 2);
    }

    /** The producer published each task of the file exactly once, under its id, on the tasks topic. */
    private static void requireEachTaskOnce(List<ProducerRecord<byte[], byte[]>> records, String batchId, int tasks) {
        Set<String> published = new HashSet<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            published.add(new String(record.key(), StandardCharsets.UTF_8));
        }
        Set<String> submitted = TaskFile.ids("task", tasks);
        if (records.size() != tasks || !published.equals(submitted)) {
            throw new IllegalStateException("batch " + batchId + " has " + records.size() + " records for "
                    + published.size() + " distinct ids on the tasks topic; the file has " + tasks + " tasks");
        }
    }

    /** Runs every case of {@code options}; throws if a submission or a check fails. */
    public static List<SubmissionMeasurement> measure(SubmissionOptions options) throws IOException {
        return new SubmissionBenchmark(options).run();
    }

    private static String requireAll(SubmitResponse response, int expected) {
        if (!response.isAccepted() || response.accepted() != expected) {
            throw new IllegalStateException("the producer did not accept all " + expected + " tasks: HTTP "
                    + response.status() + ", accepted " + response.accepted() + ", " + response.rejectedCount()
                    + " rejected, " + response.problemDetail());
        }
        return response.batchId();
    }

    /** Heap in use now: the sum of {@code jvm_memory_used_bytes{area="heap"}} on {@code /q/metrics}. */
    private static long heapUsed(URI service) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(service.resolve("/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return PrometheusText.sum(body, "jvm_memory_used_bytes", "area=\"heap\"");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + service + "/q/metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void log(String pattern, Object... args) {
        System.out.printf(Locale.ROOT, "[submission] " + pattern + "%n", args);
    }
}
