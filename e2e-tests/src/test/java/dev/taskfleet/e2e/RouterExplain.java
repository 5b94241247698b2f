package dev.taskfleet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The router's own explain endpoint, asked directly: what the web view's route preview must show. */
final class RouterExplain {

    private RouterExplain() {
    }

    /** One row per task as the preview table shows it: id, type, tier, rule, score (2 decimals), explanation. */
    static List<List<String>> rows(URI router, String ndjson) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(router.resolve("/api/v1/routing/explain"))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("the router answered " + response.statusCode() + ": " + response.body());
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode task : new ObjectMapper().readTree(response.body())) {
            rows.add(List.of(task.path("id").asText(), task.path("type").asText(), task.path("tier").asText(),
                    task.path("rule").asText(), String.format(Locale.ROOT, "%.2f", task.path("score").asDouble()),
                    task.path("explanation").asText()));
        }
        return rows;
    }
}
