package dev.taskfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The web view as a person uses it: sign in and out, go to a batch or a task, move with the keyboard. */
final class WebView {

    /** What a keyboard user can reach and a screen reader must be able to name. */
    private static final String CONTROLS =
            "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled])";

    private final Browser browser;
    private final URI producer;

    WebView(Browser browser, URI producer) {
        this.browser = browser;
        this.producer = producer;
    }

    void signIn(String key) {
        WebElement input = browser.waitFor("#api-key");
        input.clear();
        input.sendKeys(key, Keys.ENTER);
    }

    void signInIfNeeded() {
        if (!browser.driver().getCurrentUrl().startsWith(producer.toString())) {
            browser.open(producer + "/");
        }
        browser.waitFor("#sign-in, nav:not([hidden])");
        if (!browser.all("#sign-in").isEmpty()) {
            signIn(PackagedFleet.API_KEY);
            browser.waitFor("nav:not([hidden])");
        }
    }

    void signOut() {
        browser.open(producer + "/");
        browser.waitFor("#sign-in, nav:not([hidden])");
        if (browser.all("#sign-in").isEmpty()) {
            browser.find("#sign-out").click();
        }
        browser.waitFor("#sign-in");
    }

    void openBatch(String batchId) {
        browser.go("#/batches/" + encode(batchId));
        browser.waitFor("h1");
    }

    void openTask(String batchId, String taskId) {
        browser.go("#/batches/" + encode(batchId) + "/tasks/" + encode(taskId));
        browser.waitFor("#h-prompt, #not-found");
    }

    /** Presses Tab until {@code css} has the focus; fails when a whole round of the page's controls never gets there. */
    WebElement tabTo(String css) {
        WebElement target = browser.waitFor(css);
        int limit = browser.all(CONTROLS).size() + 5;
        for (int i = 0; i < limit && !target.equals(browser.focused()); i++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        }
        assertThat(browser.focused()).as("Tab reaches " + css).isEqualTo(target);
        return target;
    }

    /**
     * From the top of the view, Tab visits every visible control, and each has a name a screen
     * reader announces (its label, aria-label or text).
     */
    void assertKeyboardReachableAndNamed(String view) {
        List<WebElement> controls = browser.all(CONTROLS).stream().filter(WebElement::isDisplayed).toList();
        assertThat(controls).as("the %s view has controls", view).isNotEmpty();
        // A click on plain text moves the point Tab starts from to the top of the page.
        new Actions(browser.driver()).click(browser.find(".brand")).perform();
        List<WebElement> visited = new ArrayList<>();
        for (int i = 0; i < controls.size() + 3; i++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            visited.add(browser.focused());
        }
        for (WebElement control : controls) {
            String described = control.getTagName() + " " + control.getDomAttribute("id") + " '" + control.getText() + "'";
            assertThat(visited).as("%s view: Tab reaches %s", view, described).contains(control);
            assertThat(control.getAccessibleName()).as("%s view: accessible name of %s", view, described).isNotBlank();
        }
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
