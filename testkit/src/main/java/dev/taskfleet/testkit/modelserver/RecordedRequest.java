package dev.taskfleet.testkit.modelserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as it reached the {@link ScriptedModelServer}.
 *
 * @param receivedNanos {@link System#nanoTime()} on arrival, to measure gaps between requests
 * @param method        the HTTP method
 * @param path          the request path, without the query
 * @param query         the raw query string, or {@code null} when there is none
 * @param headers       header values by lower-case name
 * @param body          the body as UTF-8 text
 * @param prompt        the prompt as the route's {@link Endpoint} reads it from the body (the whole
 *                      body where the endpoint has no notion of a prompt)
 */
public record RecordedRequest(long receivedNanos, String method, String path, String query,
        Map<String, List<String>> headers, String body, String prompt) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The value of query parameter {@code name}, or {@code null}. */
    public String queryParameter(String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The first value of a header (any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
