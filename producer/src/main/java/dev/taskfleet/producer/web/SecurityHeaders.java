package dev.taskfleet.producer.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * The headers every answer of the producer carries, the web view's pages and the API alike. The
 * page shows prompts and model outputs, which are untrusted text: it renders them as text, and
 * these headers are the second line, so that a rendering mistake still cannot run a script.
 */
@ApplicationScoped
public class SecurityHeaders {

    /**
     * Scripts, styles and data only from this origin, no inline script or style, no plugins, no
     * {@code <base>} rewriting, forms only to this origin, never inside another site's frame.
     */
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    /** Header name to value. */
    public static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            // A JSONL download or a problem answer is never sniffed into HTML.
            "X-Content-Type-Options", "nosniff",
            // Batch and task ids travel in the page's #fragment; no address leaves with a link.
            "Referrer-Policy", "no-referrer",
            // frame-ancestors for browsers that predate it.
            "X-Frame-Options", "DENY",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin",
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");

    /** API answers hold a team's data for the key that asked: no cache keeps them. */
    static final String API_PREFIX = "/api/";

    /**
     * The page, its scripts and the chart library keep their paths across upgrades, so a browser
     * must ask again each time (a cheap 304 while nothing changed) rather than run yesterday's
     * script against today's API, which Quarkus's default (a day, {@code immutable}) would do.
     */
    static final String PAGE_CACHE_CONTROL = "no-cache";

    /* Before Quarkus's own handlers; the headers are added when the answer's headers are written. */
    private static final int PRIORITY = 100;

    void install(@Observes Filters filters) {
        filters.register(context -> {
            String path = context.normalizedPath();
            context.addHeadersEndHandler(ignored -> {
                MultiMap headers = context.response().headers();
                HEADERS.forEach(headers::set);
                headers.set("Cache-Control", path.startsWith(API_PREFIX) ? "no-store" : PAGE_CACHE_CONTROL);
            });
            context.next();
        }, PRIORITY);
    }
}
