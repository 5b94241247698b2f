package dev.taskfleet.producer.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem reply ({@code application/problem+json}): {@code type}, {@code title},
 * {@code status} and {@code detail}, plus extension members such as {@code batchId}.
 */
@JsonPropertyOrder({"type", "title", "status", "detail"})
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:taskfleet:problem:";

    private final String type;
    private final String title;
    private final int status;
    private final String detail;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Problem(String slug, String title, Response.Status status, String detail) {
        this.type = TYPE_PREFIX + slug;
        this.title = title;
        this.status = status.getStatusCode();
        this.detail = detail;
    }

    public static Problem of(String slug, String title, Response.Status status, String detail) {
        return new Problem(slug, title, status, detail);
    }

    public Problem with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public Response.ResponseBuilder toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }

    public String getType() {
        return type;
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }
}
