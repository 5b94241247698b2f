package dev.taskfleet.benchmarks.pipeline;

import dev.taskfleet.benchmarks.BenchTopics;
import dev.taskfleet.benchmarks.ProcessSampler;
import dev.taskfleet.benchmarks.forwarding.CopyLoop;
import dev.taskfleet.benchmarks.forwarding.OutputReader;
import dev.taskfleet.benchmarks.forwarding.PlacementCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The baseline the pipeline is held against: the same records through three plain consume-produce
 * hops at once ({@link CopyLoop}, raw clients in this JVM, bytes unchanged, same partition), with
 * nothing the services do in between. The records are loaded on the first topic before the hops
 * start; every output topic stamps {@code LogAppendTime}, so the copy is timed by the broker's clock
 * from its first record on the first hop's output to its last on the third's.
 */
final class ThreeHopCopy {

    static final int HOPS = 3;

    /** A record to copy: its partition, key (a task id) and value, as the producer service wrote it. */
    record Source(int partition, byte[] key, byte[] value) {
        String id() {
            return new String(key, StandardCharsets.UTF_8);
        }
    }

    /**
     * What the copy took.
     *
     * @param startMs  when the hops were started, epoch ms
     * @param firstMs  the first record's append time on the first hop's output
     * @param lastMs   the last record's append time on the third hop's output
     * @param cpuTicks CPU of each sampled process from starting the hops to all three done, by name
     */
    record Result(long startMs, long firstMs, long lastMs, Map<String, Long> cpuTicks) {
    }

    private ThreeHopCopy() {
    }

    /**
     * Loads {@code records} on {@code <base>.0}, copies them through {@code <base>.1}, {@code .2}
     * and {@code .3} with the three hops running at once, and checks each record arrived exactly
     * once on the last.
     *
     * @param sampled processes whose CPU to measure over the copy, by name
     * @throws IllegalStateException if a hop fails or does not finish within {@code timeout}, or a
     *                               record is missing or repeated on the last hop
     */
    static Result run(String bootstrap, String base, List<Source> records, int partitions, int maxPollRecords,
                      Map<String, Long> sampled, Duration timeout) throws InterruptedException {
        List<String> topics = new ArrayList<>();
        for (int hop = 0; hop <= HOPS; hop++) {
            topics.add(base + "." + hop);
        }
        BenchTopics.create(bootstrap, partitions, BenchTopics.LOG_APPEND_TIME, topics.toArray(String[]::new));
        load(bootstrap, topics.get(0), records);

        Map<String, ProcessSampler> samplers = new LinkedHashMap<>();
        sampled.forEach((name, pid) -> samplers.put(name, ProcessSampler.start(pid)));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> hops = new ArrayList<>();
        long startMs = System.currentTimeMillis();
        for (int hop = 0; hop < HOPS; hop++) {
            CopyLoop loop = CopyLoop.plain(bootstrap, topics.get(hop), topics.get(hop + 1), base + "-hop" + (hop + 1),
                    maxPollRecords, Map.of());
            Thread thread = new Thread(() -> {
                try {
                    loop.copy(records.size());
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "bare-hop-" + (hop + 1));
            // A hop still waiting for records at the deadline must not keep the JVM alive.
            thread.setDaemon(true);
            thread.start();
            hops.add(thread);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread hop : hops) {
            hop.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        Map<String, Long> cpu = new LinkedHashMap<>();
        samplers.forEach((name, sampler) -> {
            cpu.put(name, sampler.cpuTicksSinceStart());
            sampler.close();
        });
        if (failure.get() != null) {
            throw new IllegalStateException("a hop of the bare copy failed", failure.get());
        }
        if (hops.stream().anyMatch(Thread::isAlive)) {
            throw new IllegalStateException("the bare copy did not finish within " + timeout.toSeconds() + " s");
        }

        long firstMs = OutputReader.read(bootstrap, List.of(topics.get(1))).appendTimes()[0];
        OutputReader.Output last = OutputReader.read(bootstrap, List.of(topics.get(HOPS)));
        Map<String, String> expected = new HashMap<>();
        records.forEach(record -> expected.put(record.id(), topics.get(HOPS)));
        PlacementCheck.verify("bare 3-hop copy", last, expected);
        return new Result(startMs, firstMs, last.appendTimes()[last.appendTimes().length - 1], cpu);
    }

    private static void load(String bootstrap, String topic, List<Source> records) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                BenchTopics.taskPublisherSettings(bootstrap, "taskfleet-benchmark-bare-loader"))) {
            for (Source record : records) {
                producer.send(new ProducerRecord<>(topic, record.partition(), record.key(), record.value()),
                        (metadata, exception) -> {
                            if (exception != null) {
                                failure.compareAndSet(null, exception);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("loading " + topic + " failed", failure.get());
        }
    }
}
