package dev.taskfleet.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One operation of the API as a client calls it: what it sends and what a successful answer binds
 * to. {@link BatchApi#OPERATIONS} lists every one; the CLI's client makes its calls through them and
 * the producer's OpenAPI test checks the served document against them.
 *
 * @param method    the HTTP method
 * @param path      the path below the server's base URL; {@code {id}} stands for the batch id
 * @param request   the type of the JSON request body, or {@code null} when there is none (a batch
 *                  submission's body is the tasks themselves, NDJSON or JSON)
 * @param status    the status of a successful answer
 * @param mediaType the media type of a successful answer
 * @param response  what a successful answer binds to: the JSON document, or the data of each
 *                  server-sent event; {@code Void} when it is not an API type (the results are
 *                  lines of the event contract's {@code TaskResult}, see docs/EVENTS.md)
 * @param <T>       the type of {@code response}
 */
public record ApiOperation<T>(String method, String path, Class<?> request, int status, String mediaType,
                              Class<T> response) {

    /** {@link #path()} with {@code {id}} replaced by the URL-encoded {@code batchId}. */
    public String pathOf(String batchId) {
        return path.replace(BatchApi.ID, URLEncoder.encode(batchId, StandardCharsets.UTF_8));
    }
}
