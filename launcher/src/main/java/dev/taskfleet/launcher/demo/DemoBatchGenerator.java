package dev.taskfleet.launcher.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskfleet.contract.EventCodec;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes the example batch: a realistic mix of about 70% routine ("junior") tasks and 30% tasks
 * that need judgement ("senior"), short prompts about made-up repositories, a few tier hints,
 * and {@code repo}/{@code team} labels. Deterministic for a given seed, so the committed
 * {@code examples/demo-batch.jsonl} can be checked against it.
 */
public final class DemoBatchGenerator {

    /** The seed the committed example was generated with. */
    public static final long DEFAULT_SEED = 20_251_127L;
    public static final int DEFAULT_COUNT = 1000;

    private static final double TIER_HINT_SHARE = 0.03;
    private static final double PRIORITY_SHARE = 0.2;

    private record Repo(String name, String team, String language, List<String> files, List<String> components,
                        List<String> entities) {
    }

    private record TaskType(String name, int weight, List<String> templates) {
        boolean senior() {
            return SENIOR.contains(name);
        }
    }

    private static final List<String> SENIOR = List.of("architecture-review", "security-review",
            "performance-investigation", "concurrency-bug", "migration-design");

    private static final List<Repo> REPOS = List.of(
            new Repo("billing-service", "payments", "Java",
                    List.of("InvoiceService.java", "PaymentRetryScheduler.java", "LedgerEntryMapper.java", "RefundController.java"),
                    List.of("invoice generation", "refund flow", "ledger export"), List.of("invoice", "refund", "payment")),
            new Repo("checkout-web", "storefront", "TypeScript",
                    List.of("cartReducer.ts", "CheckoutForm.tsx", "priceFormatter.ts", "useShippingOptions.ts"),
                    List.of("checkout flow", "cart state", "address form"), List.of("cart", "order", "coupon")),
            new Repo("inventory-api", "fulfilment", "Kotlin",
                    List.of("StockLevelRepository.kt", "ReservationService.kt", "WarehouseClient.kt", "SkuImporter.kt"),
                    List.of("stock reservation", "warehouse sync", "SKU import"), List.of("sku", "reservation", "warehouse")),
            new Repo("data-pipeline", "data", "Python",
                    List.of("daily_revenue_job.py", "schema_registry.py", "dedupe_events.py", "s3_loader.py"),
                    List.of("nightly aggregation", "event deduplication", "schema evolution"), List.of("event", "partition", "report")),
            new Repo("auth-gateway", "identity", "Go",
                    List.of("token_validator.go", "session_store.go", "rate_limit.go", "oidc_callback.go"),
                    List.of("token validation", "session handling", "login callback"), List.of("session", "token", "client")),
            new Repo("search-indexer", "discovery", "Java",
                    List.of("IndexWriterPool.java", "DocumentEnricher.java", "ReindexCommand.java", "SynonymLoader.java"),
                    List.of("incremental indexing", "document enrichment", "full reindex"), List.of("document", "index", "synonym")),
            new Repo("notification-hub", "growth", "TypeScript",
                    List.of("emailTemplates.ts", "pushDispatcher.ts", "digestScheduler.ts", "unsubscribeHandler.ts"),
                    List.of("email digests", "push delivery", "unsubscribe flow"), List.of("notification", "template", "subscriber")));

    private static final List<TaskType> TYPES = List.of(
            new TaskType("refactor", 14, List.of(
                    "Refactor {symbol} in {file} to remove the duplicated validation branches; keep the behaviour identical.",
                    "Extract the retry logic in {file} into a small helper and make {symbol} use it.",
                    "Split the longest method of {symbol} ({file}) into private methods with descriptive names.",
                    "Replace the nested if/else chain in {file} with early returns; no behaviour change.")),
            new TaskType("rename", 8, List.of(
                    "Rename the variable 'tmp' in {file} to a name that says what it holds, and update all usages.",
                    "Rename {symbol} to a name that matches its job in the {component}; update imports and references.",
                    "Rename the boolean 'flag2' in {file} to describe the condition it tracks.")),
            new TaskType("boilerplate", 9, List.of(
                    "Write the {language} data type for a {entity} with id, createdAt and status, plus equality.",
                    "Add a builder for {symbol} so callers stop using the seven-argument constructor.",
                    "Write the DTO and the mapper between {symbol} and the API response of the {component}.")),
            new TaskType("unit-test", 16, List.of(
                    "Write unit tests for {symbol} covering empty input, a single {entity} and the maximum batch size.",
                    "Add a test for the case in {file} where the currency is missing; it currently fails with a null error.",
                    "Write parameterised tests for the date parsing in {symbol}, including leap days and time zones.",
                    "The error branch of the {component} in {file} is untested; add tests for it.")),
            new TaskType("docstring", 9, List.of(
                    "Write doc comments for the public methods of {symbol}; state the unit of every parameter.",
                    "Document what {file} does in a short header comment, including whether it is thread-safe.",
                    "Add a doc comment to the {component} entry point in {file} explaining its retry semantics.")),
            new TaskType("format", 6, List.of(
                    "Reformat {file} to the team's {language} style guide; do not change any logic.",
                    "Sort and group the imports in {file} and remove the unused ones.")),
            new TaskType("scaffold", 8, List.of(
                    "Scaffold GET /v1/{entity}s/{id} in {repo}: a handler, a service stub and one test.",
                    "Create the skeleton of a {language} module for the {component} with a README and an empty test.",
                    "Scaffold a '{repo} export-{entity}s' command with argument parsing and a --dry-run flag.")),
            new TaskType("architecture-review", 7, List.of(
                    "Review the design of the {component} in {repo}: it calls three services synchronously per request. "
                            + "Propose a structure that keeps working when one of them is down.",
                    "Should {symbol} move out of {repo} into its own service? List the coupling points and the migration risk.",
                    "The {component} in {repo} uses persistence classes directly. Suggest a layering and the first two steps.")),
            new TaskType("security-review", 7, List.of(
                    "Review {file} for injection risks: user-supplied sort fields reach the query builder.",
                    "Check the token handling in {symbol} for timing attacks and missing audience checks.",
                    "Review how {repo} loads credentials for the {component}; today they come from a config file at start-up.",
                    "Audit the upload path in {file} for path traversal and unbounded request sizes.")),
            new TaskType("performance-investigation", 6, List.of(
                    "p99 latency of the {component} doubled after the last release; find the cause in {symbol}.",
                    "{symbol} allocates heavily under load and GC pauses reach 400 ms; find the hot allocation sites.",
                    "The job in {file} went from 20 to 95 minutes as data grew; find the quadratic step.")),
            new TaskType("concurrency-bug", 5, List.of(
                    "{symbol} sometimes processes the same {entity} twice under load; find the race and propose a fix.",
                    "Intermittent deadlock in {file} between the cache refresh and the writer; explain the lock order and fix it.",
                    "A counter in {symbol} drifts under concurrent updates; find the lost update.")),
            new TaskType("migration-design", 5, List.of(
                    "Design the migration of the {component} from the legacy {entity} table to the new schema without downtime.",
                    "Plan moving the {component} in {repo} from synchronous calls to events, with a dual-write period and rollback.",
                    "Design a backfill of the new {entity}.status column over 40M rows with no lock held longer than a second.")));

    private DemoBatchGenerator() {
    }

    /** {@code count} JSONL lines with ids {@code demo-0001} onwards. */
    public static List<String> generate(int count, long seed) {
        Random random = new Random(seed);
        int totalWeight = TYPES.stream().mapToInt(TaskType::weight).sum();
        List<String> lines = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            TaskType type = pick(random, totalWeight);
            Repo repo = REPOS.get(random.nextInt(REPOS.size()));
            ObjectNode task = EventCodec.mapper().createObjectNode();
            task.put("id", String.format(Locale.ROOT, "demo-%04d", i));
            task.put("type", type.name());
            task.put("prompt", prompt(random, type, repo));
            if (random.nextDouble() < TIER_HINT_SHARE) {
                // Routine work someone wants done carefully, or a quick first look at a hard one.
                task.put("tierHint", type.senior() ? "fast" : "quality");
            }
            ObjectNode labels = task.putObject("labels");
            labels.put("repo", repo.name());
            labels.put("team", repo.team());
            if (random.nextDouble() < PRIORITY_SHARE) {
                labels.put("priority", random.nextBoolean() ? "high" : "low");
            }
            lines.add(toJson(task));
        }
        return lines;
    }

    private static TaskType pick(Random random, int totalWeight) {
        int ticket = random.nextInt(totalWeight);
        for (TaskType type : TYPES) {
            ticket -= type.weight();
            if (ticket < 0) {
                return type;
            }
        }
        throw new IllegalStateException("weights do not add up");
    }

    private static String prompt(Random random, TaskType type, Repo repo) {
        String file = repo.files().get(random.nextInt(repo.files().size()));
        String template = type.templates().get(random.nextInt(type.templates().size()));
        return template
                .replace("{file}", file)
                .replace("{symbol}", file.substring(0, file.lastIndexOf('.')))
                .replace("{component}", repo.components().get(random.nextInt(repo.components().size())))
                .replace("{entity}", repo.entities().get(random.nextInt(repo.entities().size())))
                .replace("{language}", repo.language())
                .replace("{repo}", repo.name());
    }

    private static String toJson(ObjectNode task) {
        try {
            return EventCodec.mapper().writeValueAsString(task);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
