package dev.taskfleet.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskfleet.contract.EventCodec;
import java.io.IOException;

/**
 * An RFC 9457 problem as the producer sends it, or one made up from a bare status and body.
 *
 * @param type   the problem type URI, {@code about:blank} when none was sent
 * @param title  a short summary; the HTTP reason phrase when none was sent
 * @param status the HTTP status
 * @param detail what went wrong in this case, or {@code null}
 */
public record Problem(String type, String title, int status, String detail) {

    private static final int MAX_DETAIL = 500;

    /** Reads a problem+json body; a body that is not one becomes the detail, shortened. */
    static Problem from(int status, String body) {
        JsonNode json = null;
        try {
            json = body == null || body.isBlank() ? null : EventCodec.mapper().readTree(body);
        } catch (IOException e) {
            // Not JSON: a proxy's error page, say. Kept below as the detail.
        }
        if (json != null && json.isObject()) {
            return new Problem(json.path("type").asText("about:blank"),
                    json.path("title").asText(reason(status)), status, json.path("detail").asText(null));
        }
        String detail = body == null || body.isBlank() ? null
                : body.length() > MAX_DETAIL ? body.strip().substring(0, MAX_DETAIL) + "..." : body.strip();
        return new Problem("about:blank", reason(status), status, detail);
    }

    /** The standard reason phrase of the statuses the API uses. */
    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        };
    }
}
