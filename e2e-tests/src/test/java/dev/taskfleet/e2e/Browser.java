package dev.taskfleet.e2e;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium driven through chromedriver, both the system's (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs): Selenium is told where they are, so it
 * never tries to download a browser. Each instance has a fresh profile under {@code target/}.
 * Where either is missing the calling test is skipped with one message saying what to install.
 */
final class Browser implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");
    private static final List<String> DRIVERS = List.of("chromedriver");

    private final ChromeDriver driver;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** Whether Chromium and its driver are on this machine's PATH. */
    static boolean installed() {
        return onPath(BROWSERS).isPresent() && onPath(DRIVERS).isPresent();
    }

    /** Starts a browser, or skips the test (with what to install) when none is on this machine. */
    static Browser startOrSkip(Path workDir) throws IOException {
        Assumptions.assumeTrue(installed(),
                "Browser tests skipped: no Chromium here (install Debian's chromium and chromium-driver; .ci/run does)");
        Optional<Path> browser = onPath(BROWSERS);
        Optional<Path> chromedriver = onPath(DRIVERS);
        Path profile = Files.createTempDirectory(Files.createDirectories(workDir), "chromium-profile-");
        ChromeOptions options = new ChromeOptions()
                .setBinary(browser.get().toFile())
                // Without the background-networking flags Chromium's own connections are refused here
                // and slow every start; the rest keep a headless run quiet and repeatable.
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        return new Browser(driver, Files.createDirectories(workDir.resolve("screenshots")));
    }

    private static Optional<Path> onPath(List<String> names) {
        String path = System.getenv().getOrDefault("PATH", "");
        return names.stream()
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Goes to a view of the page by its #fragment, as a person following a link would. */
    void go(String fragment) {
        driver.executeScript("location.hash = arguments[0]", fragment);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The visible text of the first element matching {@code css}, or "" while there is none. */
    String text(String css) {
        try {
            List<WebElement> found = all(css);
            return found.isEmpty() ? "" : found.get(0).getText();
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    /** The exact text content of an element, not what CSS makes visible: what a screen reader gets. */
    String textContent(String css) {
        return (String) driver.executeScript("return document.querySelector(arguments[0]).textContent", css);
    }

    /** Waits until {@code css} matches an element; a timeout says what the page shows instead. */
    WebElement waitFor(String css) {
        try {
            await().atMost(PATIENCE).until(() -> !all(css).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("nothing matches " + css + " within " + PATIENCE + "; the page shows: "
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
        return find(css);
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** The element that has the keyboard focus. */
    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Saves the window as {@code target/.../screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            return Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console messages since the last call. */
    List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
