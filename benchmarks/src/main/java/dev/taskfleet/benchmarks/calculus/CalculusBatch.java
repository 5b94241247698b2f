package dev.taskfleet.benchmarks.calculus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.EventCodec;
import dev.taskfleet.contract.InvalidTaskException;
import dev.taskfleet.contract.Task;
import dev.taskfleet.contract.TaskLimits;
import dev.taskfleet.contract.TaskValidator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A synthetic batch with a spread of difficulty that the router cannot see.
 *
 * <p>Each task draws a true difficulty uniformly from 0 to 1 and carries it only in its
 * {@value #DIFFICULTY_LABEL} label, which the simulated model reads and no policy of the benchmark
 * matches on. What the router sees, the type and the prompt, is drawn from the difficulty the way
 * real work looks: most easy tasks look like chores, most hard ones carry senior signals or are
 * reviews, but not all (see {@link #LOOKS}). One task in eight has no type at all (a prompt alone).
 * Every task expects a JSON answer, so a wrong answer is detected and can be escalated.
 */
public final class CalculusBatch {

    /** The simulated model's difficulty label (the worker's {@code TaskDifficulty.LABEL}). */
    public static final String DIFFICULTY_LABEL = "simulated-difficulty";

    /**
     * How tasks look, by true difficulty band: the chance a task looks like a chore, like ordinary
     * work, or like senior work. Bands: easy below 0.5, medium to 0.7, hard above.
     */
    static final double[][] LOOKS = {{0.60, 0.35, 0.05}, {0.25, 0.50, 0.25}, {0.05, 0.25, 0.70}};
    static final double MEDIUM = 0.5;
    static final double HARD = 0.7;
    private static final double PROMPT_ONLY = 0.125;

    private static final String[] FILES = {"src/main/java/com/acme/orders/OrderService.java",
        "src/main/java/com/acme/billing/InvoiceClient.java", "src/main/java/com/acme/auth/SessionStore.java",
        "src/main/kotlin/com/acme/search/QueryParser.kt", "web/src/components/CartView.tsx", "api/handlers/upload.go"};
    private static final String[] NAMES = {"OrderService.place", "InvoiceClient.send", "SessionStore.refresh",
        "QueryParser.parse", "CartView.render", "UploadHandler.accept"};
    private static final String[][] CHORES = {
        {"rename-symbol", "Rename %2$s to a clearer name in %1$s and update every call site."},
        {"format-code", "Apply the project's formatter settings to %1$s; no behaviour change."},
        {"boilerplate-dto", "Write the request and response DTOs for %2$s with equals and hashCode."},
        {"scaffold-tests", "Create an empty test class for %2$s with one test per public method."},
        {"docstring", "Document the parameters and return value of %2$s in %1$s."},
        {"changelog", "Add the release notes entry for the change to %2$s."}};
    private static final String[][] ORDINARY = {
        {"refactor", "Extract the retry loop in %1$s into a helper and use it from both call sites."},
        {"bugfix", "Fix the off-by-one in the pagination of %2$s: the last page is dropped."},
        {"write-tests", "Write unit tests for %2$s covering empty input, one element and many."},
        {"explain-code", "Explain what %2$s in %1$s does and when it returns an empty result."},
        {"refactor", "Replace the nested conditionals in %2$s with early returns."}};
    private static final String[][] SENIOR = {
        {"security-review", "Review the security of %1$s: injection and unsafe deserialisation."},
        {"architecture-review", "Review the architecture around %2$s: module boundaries and what should move."},
        {"bugfix", "Find the race between the cache refresh and %2$s under concurrent writes."},
        {"refactor", "Plan the migration of %2$s to the event store without losing consistency."},
        {"investigate", "Find why the p99 latency of %2$s doubled since the last release (performance)."},
        {"bugfix", "Assess the security of the upload path in %1$s: an exploit via symlinks, a threat model."}};

    private CalculusBatch() {
    }

    /** One task as submitted, with the true difficulty the router never sees. */
    public record Generated(ObjectNode submission, double difficulty) {
    }

    /** {@code count} tasks with ids {@code <idPrefix>-00001}...; the same seed gives the same tasks. */
    public static List<Generated> generate(int count, long seed, String idPrefix) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Generated> tasks = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            double difficulty = Math.round(random.nextDouble() * 1000) / 1000.0;
            int band = difficulty < MEDIUM ? 0 : difficulty < HARD ? 1 : 2;
            double look = random.nextDouble();
            String[][] kind = look < LOOKS[band][0] ? CHORES : look < LOOKS[band][0] + LOOKS[band][1] ? ORDINARY : SENIOR;
            String[] template = kind[random.nextInt(kind.length)];
            int target = random.nextInt(FILES.length);
            ObjectNode task = EventCodec.mapper().createObjectNode();
            task.put("id", String.format(Locale.ROOT, "%s-%05d", idPrefix, i));
            if (kind == CHORES || random.nextDouble() >= PROMPT_ONLY) {
                task.put("type", template[0]);
            }
            task.put("prompt", String.format(Locale.ROOT, template[1], FILES[target], NAMES[target])
                    + " Answer as JSON with a summary and the changed lines.");
            task.putObject("labels").put(DIFFICULTY_LABEL, Double.toString(difficulty));
            task.putObject("expect").put("kind", "json");
            tasks.add(new Generated(task, difficulty));
        }
        return tasks;
    }

    /** The batch as the JSONL body of a submission. */
    public static byte[] jsonl(List<Generated> tasks) {
        StringBuilder out = new StringBuilder(tasks.size() * 300);
        tasks.forEach(task -> out.append(task.submission()).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The tasks as the producer will publish them (validated by the same validator), for local routing and estimates. */
    public static List<Task> asTasks(List<Generated> tasks, List<String> tiers, String team) {
        TaskValidator validator = new TaskValidator(TaskLimits.defaults(tiers));
        List<Task> result = new ArrayList<>(tasks.size());
        for (Generated task : tasks) {
            try {
                result.add(validator.fromSubmission((JsonNode) task.submission(), "calculus", team, Instant.EPOCH,
                        () -> { throw new IllegalStateException("every generated task has an id"); }));
            } catch (InvalidTaskException e) {
                throw new IllegalStateException("generated an invalid task " + task.submission() + ": " + e.getMessage(), e);
            }
        }
        return result;
    }
}
