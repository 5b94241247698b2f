package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.RejectedTask;
import dev.taskfleet.launcher.auth.LocalApiKey;
import dev.taskfleet.launcher.client.BatchClient;
import dev.taskfleet.launcher.client.SubmitResponse;
import dev.taskfleet.launcher.fleet.LocalFleetBuilder;
import dev.taskfleet.testkit.TaskBuilder;
import dev.taskfleet.testkit.modelserver.OpenAiChat;
import dev.taskfleet.testkit.modelserver.ScriptedModelServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web view in headless Chromium against the packaged fleet: the producer serves the page,
 * the {@code fast} tier's model is a scripted server on localhost (held at its gate when a test
 * needs a batch to stay open, failing or answering with markup where a test says so), and
 * {@code quality} is simulated and never fails. Every assertion reads the DOM, as a person would
 * see the page, never the HTML source.
 */
class WebViewBrowserTest {

    private static final String PREFIX = "e2e-web";
    private static final String OTHER_KEY = "other-team-key-0123456789";
    private static final String POLICY = """
            tiers: [fast, quality]
            tierHints: allowed
            rules:
              - id: everything-starts-fast
                tier: fast
                match:
                  type: "*"
            """;
    private static final String HOSTILE_PROMPT =
            "hostile <script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> please";
    private static final String HOSTILE_OUTPUT =
            "<img src=x onerror=\"window.__pwned = 3\"><a href=\"javascript:window.__pwned = 4\">click</a> [x](javascript:alert(1))";

    private static final Path WORK_DIR = Path.of(System.getProperty("taskfleet.home", "..")).toAbsolutePath().normalize()
            .resolve("e2e-tests/target/web-view");
    private static final ScriptedModelServer fastModel = ScriptedModelServer.start();

    @RegisterExtension
    static final RunningFleet running = new RunningFleet(PREFIX, WebViewBrowserTest::webFleet);

    private static Browser browser;
    private static WebView page;

    private static LocalFleetBuilder webFleet() throws IOException {
        LocalFleetBuilder builder = PackagedFleet.gatedTier(
                PackagedFleet.builder("web-view", PREFIX, List.of("fast", "quality")), "fast", fastModel);
        fastModel.route(OpenAiChat.COMPLETIONS)
                .whenPromptContains("doomed", OpenAiChat.error(400, "the model refused this prompt"),
                        OpenAiChat.ok("fixed on the second run", 12, 6))
                .whenPromptContains("hostile", OpenAiChat.ok(HOSTILE_OUTPUT, 12, 6));
        Path policy = Files.writeString(Files.createDirectories(WORK_DIR).resolve("policy.yaml"), POLICY);
        return builder
                .producerEnvironment(LocalApiKey.PRODUCER_ENV, PackagedFleet.TEAM + ":"
                        + LocalApiKey.sha256Hex(PackagedFleet.API_KEY) + ",other:" + LocalApiKey.sha256Hex(OTHER_KEY))
                .serviceProperty("taskfleet.router.policy-file", policy.toString())
                .serviceProperty("taskfleet.tiers.quality.simulated.failure-rate", "0")
                .serviceProperty("taskfleet.tiers.quality.simulated.latency-median", "PT0.2S")
                .serviceProperty("taskfleet.worker.max-in-flight", "16");
    }

    @BeforeAll
    static void openTheBrowser() throws IOException {
        browser = Browser.startOrSkip(WORK_DIR);
        page = new WebView(browser, running.fleet().producerUrl());
    }

    /**
     * Opens the gate and waits until every batch has settled, so no model call of one test is
     * counted at the next one's gate; then checks the console for anything the CSP refused.
     */
    @AfterEach
    void settleAndCheckTheContentSecurityPolicy() {
        fastModel.release();
        for (String key : List.of(PackagedFleet.API_KEY, OTHER_KEY)) {
            await().atMost(Browser.PATIENCE).until(() -> client(key).list(100, null).batches().stream()
                    .allMatch(BatchStatus::isSettled));
        }
        if (browser != null) {
            assertThat(browser.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy"));
        }
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
        fastModel.close();
    }

    @Test
    void aWrongKeyGetsAClearMessageAndTheRightOneShowsTheTeamsBatchesOnly() {
        String ours = submit(PackagedFleet.API_KEY, "list", 2);
        String theirs = submit(OTHER_KEY, "their", 1);

        page.signOut();
        page.signIn("not-a-key");
        assertThat(browser.waitFor("#sign-in-message [role=alert]").getText()).isEqualTo("That API key was not accepted. Check it and try again.");
        page.signIn(PackagedFleet.API_KEY);

        WebElement link = browser.waitFor("#batches a[href='#/batches/" + ours + "']");
        assertThat(link.getText()).isEqualTo(ours);
        assertThat(browser.find("#batches").getText()).doesNotContain(theirs);
        assertThat(browser.script("return sessionStorage.length")).isEqualTo(1L);
        assertThat(browser.script("return document.cookie")).isEqualTo("");
        browser.screenshot("batches");
    }

    @Test
    void aBatchsProgressMovesToDoneWhileThePageWatches() {
        page.signInIfNeeded();
        fastModel.holdAfter(2);
        String batch = submit(PackagedFleet.API_KEY, "watch", 6);

        page.openBatch(batch);
        WebElement heading = browser.find("h1");
        await().atMost(Browser.PATIENCE).untilAsserted(() -> {
            assertThat(browser.text("[data-field=progress]")).isEqualTo("33% 2/6");
            assertThat(browser.text("[data-field=state]")).isEqualTo("RUNNING");
        });
        assertThat(fastModel.heldRequests()).as("the other four are held at the gate").isEqualTo(4);

        fastModel.release();
        await().atMost(Browser.PATIENCE).untilAsserted(() -> {
            assertThat(browser.text("[data-field=state]")).isEqualTo("COMPLETED");
            assertThat(browser.text("[data-field=progress]")).isEqualTo("100% 6/6");
            assertThat(browser.text("#tiers tbody tr:first-child td:nth-child(1)")).isEqualTo("fast");
            assertThat(browser.text("#tiers tbody tr:first-child td:nth-child(2)")).isEqualTo("100% 6/6");
            assertThat(browser.text("#tiers tbody tr:first-child td:nth-child(7)")).as("the tier's ETA").isEqualTo("done");
            assertThat(browser.find("#chart").getAttribute("aria-label")).contains("fast 6");
            assertThat(browser.text("#live")).as("the event stream has ended").isEqualTo("Finished: completed.");
        });
        assertThat(heading.isDisplayed()).as("updated in place from the event stream, not reloaded").isTrue();
        browser.screenshot("batch");
    }

    @Test
    void aFailedTaskShowsItsReasonAndARetryOnAStrongerTierCompletesRun2() {
        page.signInIfNeeded();
        String batch = submitTasks(PackagedFleet.API_KEY, List.of(
                TaskBuilder.task().id("fine-1").type("refactor").prompt("rename a variable"),
                TaskBuilder.task().id("doomed-1").type("refactor").prompt("doomed: this one fails")));
        awaitState(batch, BatchState.COMPLETED);

        page.openBatch(batch);
        WebElement row = browser.waitFor("#failures tbody tr");
        assertThat(row.getText()).contains("doomed-1", "BAD_REQUEST", "the model refused this prompt", "fast: BAD_REQUEST");
        // The summary is redrawn by each live event: read it again until it holds still.
        await().atMost(Browser.PATIENCE).untilAsserted(() -> assertThat(browser.text("[data-field=failed]")).isEqualTo("1"));

        page.tabTo("#failures a").sendKeys(Keys.ENTER);
        assertThat(browser.waitFor("#error").getText()).contains("BAD_REQUEST", "the model refused this prompt");
        assertThat(browser.textContent("#prompt")).isEqualTo("doomed: this one fails");
        browser.screenshot("task");
        page.openBatch(batch);
        // Typed only once the page has drawn the finished batch, and checked: a field typed into while
        // the page was still being drawn once lost its text (one CI run), so the retry asked no tier.
        await().atMost(Browser.PATIENCE).until(() -> browser.text("#live").equals("Finished: completed."));
        browser.waitFor("#retry-tier").sendKeys("quality");
        assertThat(browser.find("#retry-tier").getDomProperty("value")).isEqualTo("quality");
        browser.find("#retry").sendKeys(Keys.ENTER);
        assertThat(browser.waitFor("dialog[open] #confirm-question").getText())
                .isEqualTo("Re-run the 1 failed tasks of this batch on tier quality?");
        browser.find("#confirm-yes").sendKeys(Keys.SPACE);

        assertThat(browser.waitFor("#action-message [role=status]").getText()).isEqualTo("Run 2 started: 1 tasks published again.");
        await().atMost(Browser.PATIENCE).untilAsserted(() -> {
            assertThat(browser.text("[data-field=run]")).isEqualTo("2");
            assertThat(browser.text("[data-field=state]")).isEqualTo("COMPLETED");
            assertThat(browser.text("[data-field=failed]")).isEqualTo("0");
            assertThat(browser.text("#no-failures")).isEqualTo("No task of the newest run has failed.");
        });
        browser.screenshot("batch-retried");
        page.openTask(batch, "doomed-1");
        assertThat(browser.waitFor("[data-field=tier]").getText()).isEqualTo("quality");
        assertThat(browser.text("[data-field=status]")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aRunningBatchIsCancelledOnlyAfterConfirmation() {
        page.signInIfNeeded();
        fastModel.holdAfter(0);
        String batch = submit(PackagedFleet.API_KEY, "stop", 5);
        page.openBatch(batch);
        await().atMost(Browser.PATIENCE).until(() -> fastModel.heldRequests() > 0);

        browser.waitFor("#cancel").click();
        browser.waitFor("dialog[open] #confirm-no").click();
        assertThat(browser.all("dialog[open]")).isEmpty();
        assertThat(client(PackagedFleet.API_KEY).status(batch).state()).isEqualTo(BatchState.RUNNING);

        browser.find("#cancel").click();
        browser.waitFor("dialog[open] #confirm-yes").click();
        assertThat(browser.waitFor("#action-message [role=status]").getText()).startsWith("Cancelled.");
        await().atMost(Browser.PATIENCE).untilAsserted(() ->
                assertThat(browser.text("[data-field=state]")).isEqualTo("CANCELLED"));
        assertThat(client(PackagedFleet.API_KEY).status(batch).state()).isEqualTo(BatchState.CANCELLED);
    }

    @Test
    void aFileWithBadLinesShowsEachRejectionExactlyAsTheApiReportsIt() throws IOException {
        page.signInIfNeeded();
        String lines = String.join("\n",
                "{\"id\":\"up-1\",\"type\":\"refactor\",\"prompt\":\"tidy the imports\"}",
                "this line is not JSON",
                "{\"id\":\"up-3\",\"type\":\"refactor\"}",
                "{\"id\":\"up-4\",\"type\":\"refactor\",\"prompt\":\"rename x\",\"colour\":\"blue\"}",
                "{\"id\":\"up-5\",\"type\":\"refactor\",\"prompt\":\"inline a method\"}") + "\n";
        Path file = Files.writeString(WORK_DIR.resolve("with-bad-lines.jsonl"), lines);
        List<RejectedTask> expected = client(PackagedFleet.API_KEY)
                .submitJsonl(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8))).rejected();

        browser.go("#/submit");
        browser.waitFor("#batch-file").sendKeys(file.toString());
        browser.find("#submit").click();

        assertThat(browser.waitFor("#accepted").getText()).startsWith("Accepted 2 tasks as batch").endsWith("3 lines were refused.");
        List<WebElement> rows = browser.all("#rejections tbody tr");
        assertThat(rows).hasSize(expected.size()).hasSize(3);
        for (int i = 0; i < rows.size(); i++) {
            List<String> cells = rows.get(i).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            RejectedTask api = expected.get(i);
            assertThat(cells).containsExactly(String.valueOf(api.line()), "", api.id() == null ? "" : api.id(),
                    api.field() == null ? "" : api.field(), api.error());
        }
        browser.screenshot("submit");
        browser.find("#follow").click();
        assertThat(browser.waitFor("h1").getText()).startsWith("Batch ");
        assertThat(browser.waitFor("[data-field=progress]").getText()).endsWith("/2");
    }

    @Test
    void anotherTeamsBatchIdGetsTheNotFoundPageWithoutItsData() {
        page.signInIfNeeded();
        String theirs = submit(OTHER_KEY, "hidden", 1);

        page.openBatch(theirs);

        assertThat(browser.waitFor("#not-found").getText()).startsWith("Your team has no batch with this id.");
        assertThat(browser.find("h1").getText()).isEqualTo("Batch not found");
        assertThat(browser.find("main").getText()).doesNotContain(theirs).doesNotContain("RUNNING").doesNotContain("COMPLETED");
    }

    @Test
    void aHostilePromptAndOutputRenderAsTextAndRunNothing() {
        page.signInIfNeeded();
        String batch = submitTasks(PackagedFleet.API_KEY, List.of(TaskBuilder.task().id("hostile-1").type("refactor").prompt(HOSTILE_PROMPT)));
        awaitState(batch, BatchState.COMPLETED);

        page.openTask(batch, "hostile-1");
        browser.waitFor("#output");

        assertThat(browser.textContent("#prompt")).isEqualTo(HOSTILE_PROMPT);
        assertThat(browser.textContent("#output")).isEqualTo(HOSTILE_OUTPUT);
        assertThat(browser.all("main script, main img, main iframe")).isEmpty();
        assertThat(browser.all("a[href^='javascript']")).isEmpty();
        assertThat(browser.script("return window.__pwned === undefined")).isEqualTo(true);
    }

    @Test
    void theRoutePreviewShowsTheRoutersTierAndReasonForEachTask() throws Exception {
        page.signInIfNeeded();
        String tasks = """
                {"id":"p-1","type":"refactor","prompt":"rename getX to x"}
                {"id":"p-2","type":"security-review","prompt":"review the login handler","tierHint":"quality"}
                """;
        List<List<String>> router = RouterExplain.rows(running.fleet().service("router").baseUrl(), tasks);

        browser.go("#/preview");
        browser.waitFor("#preview-tasks").sendKeys(tasks);
        browser.find("#preview").click();

        browser.waitFor("#routes tbody tr");
        List<WebElement> rows = browser.all("#routes tbody tr");
        assertThat(rows).hasSize(2);
        for (int i = 0; i < rows.size(); i++) {
            List<String> cells = rows.get(i).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            assertThat(cells).as("the router's own answer for task %d", i).containsExactlyElementsOf(router.get(i));
        }
        assertThat(router.get(0)).contains("fast", "everything-starts-fast");
        assertThat(router.get(1)).contains("quality", "tier-hint");
        browser.screenshot("preview");
    }

    @Test
    void everyControlIsReachableByTabHasAnAccessibleNameAndWorksFromTheKeyboard() {
        String batch = submitTasks(PackagedFleet.API_KEY, List.of(TaskBuilder.task().id("keys-1").type("refactor").prompt("doomed: keys")));
        awaitState(batch, BatchState.COMPLETED);

        page.signOut();
        page.assertKeyboardReachableAndNamed("sign in");
        page.tabTo("#api-key").sendKeys(PackagedFleet.API_KEY, Keys.ENTER);
        browser.waitFor("#batches");
        page.assertKeyboardReachableAndNamed("batches");

        WebElement link = page.tabTo("#batches a[href='#/batches/" + batch + "']");
        link.sendKeys(Keys.ENTER);
        browser.waitFor("#failures");
        page.assertKeyboardReachableAndNamed("batch");
        page.tabTo("#failures a").sendKeys(Keys.ENTER);
        browser.waitFor("#error");
        page.assertKeyboardReachableAndNamed("task");

        page.tabTo("nav a[href='#/submit']").sendKeys(Keys.ENTER);
        browser.waitFor("#submit-form");
        page.assertKeyboardReachableAndNamed("submit");
        page.tabTo("nav a[href='#/preview']").sendKeys(Keys.ENTER);
        browser.waitFor("#preview-form");
        page.assertKeyboardReachableAndNamed("preview");

        page.tabTo("#sign-out").sendKeys(Keys.SPACE);
        assertThat(browser.waitFor("#sign-in").isDisplayed()).isTrue();
    }

    private static void awaitState(String batch, BatchState state) {
        await().atMost(Browser.PATIENCE).until(() -> client(PackagedFleet.API_KEY).status(batch).state() == state);
    }

    private static String submit(String key, String idPrefix, int count) {
        return submitTasks(key, IntStream.range(0, count)
                .mapToObj(i -> TaskBuilder.task().id(idPrefix + "-" + i).type("refactor").prompt("task " + i + " of " + idPrefix))
                .toList());
    }

    private static String submitTasks(String key, List<TaskBuilder> tasks) {
        String body = tasks.stream().map(TaskBuilder::submissionJson).collect(Collectors.joining("\n", "", "\n"));
        SubmitResponse response = client(key).submitJsonl(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.accepted()).as(response.toString()).isEqualTo(tasks.size());
        return response.batchId();
    }

    private static BatchClient client(String key) {
        return new BatchClient(running.fleet().producerUrl(), key);
    }
}
