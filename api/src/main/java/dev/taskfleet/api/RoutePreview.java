package dev.taskfleet.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code POST /api/v1/routing/preview}: the tier each task would get and why, decided
 * by the router's live policy without submitting anything (the router's
 * {@code POST /api/v1/routing/explain}, which {@code taskfleet route --explain} mirrors locally).
 *
 * @param tasks one entry per task, in the order they were sent
 */
public record RoutePreview(@Schema(required = true) List<PreviewedTask> tasks) {

    public RoutePreview {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
