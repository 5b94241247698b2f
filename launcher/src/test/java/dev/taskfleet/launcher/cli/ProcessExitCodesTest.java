package dev.taskfleet.launcher.cli;

import static dev.taskfleet.launcher.client.Statuses.counts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskfleet.launcher.TaskfleetCommand;
import dev.taskfleet.launcher.client.FakeProducer;
import dev.taskfleet.launcher.client.FakeProducer.Reply;
import dev.taskfleet.launcher.client.Statuses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a separate process, the way the {@code taskfleet} script runs it: its real
 * {@code main}, environment variables for the server and key, standard output and the exit status.
 */
class ProcessExitCodesTest {

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String out, String err) {
    }

    private Outcome taskfleet(String url, String key, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtaskfleet.home=" + dir, "-Dtaskfleet.tty=false",
                "-cp", System.getProperty("java.class.path"), TaskfleetCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put(ConnectionOptions.URL_ENV, url);
        builder.environment().put(ConnectionOptions.KEY_ENV, key);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI ends").isTrue();
        return new Outcome(process.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void takesServerAndKeyFromTheEnvironmentAndExitsOneWhenTasksFailed() throws Exception {
        try (FakeProducer producer = new FakeProducer().requireKey("env-key")) {
            producer.on("GET /api/v1/batches/b1/events", Reply.problem(404, "Not Found", "no stream"));
            producer.on("GET /api/v1/batches/b1", Reply.json(200,
                    Statuses.json("b1", "COMPLETED", 2, counts(1, 1, 0), counts(0, 0, 0))));
            producer.on("GET /api/v1/batches/b1/results", Reply.ndjson(
                    Statuses.result("b1", "t1", "fast", "SUCCEEDED", 1000, 0.001),
                    Statuses.result("b1", "t2", "fast", "FAILED", 2000, 0.002)));

            Outcome watch = taskfleet(producer.url().toString(), "env-key", "watch", "b1");

            assertThat(watch.exitCode()).isEqualTo(1);
            assertThat(watch.out()).contains("batch b1 COMPLETED: 2/2 finished").contains("  fast           2");
            assertThat(producer.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer env-key"));
        }
    }

    @Test
    void exitsThreeForAnUnreachableServerAndAWrongKey() throws Exception {
        try (FakeProducer producer = new FakeProducer().requireKey("right")) {
            Outcome wrongKey = taskfleet(producer.url().toString(), "wrong", "status", "b1");
            assertThat(wrongKey.exitCode()).isEqualTo(3);
            assertThat(wrongKey.err()).isEqualTo("taskfleet: 401 Unauthorized: missing or unknown API key"
                    + System.lineSeparator());
        }
        Outcome unreachable = taskfleet("http://localhost:9", "k", "list");
        assertThat(unreachable.exitCode()).isEqualTo(3);
        assertThat(unreachable.err()).startsWith("taskfleet: cannot reach the producer at http://localhost:9");
    }

    @Test
    void aUsageErrorExitsTwo() throws Exception {
        Outcome outcome = taskfleet("http://localhost:9", "k", "watch");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("Missing required parameter").contains("Usage: taskfleet watch");
    }
}
