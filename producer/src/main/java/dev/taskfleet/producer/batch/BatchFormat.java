package dev.taskfleet.producer.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The body formats a batch may be submitted in, with the media types that select them. */
public enum BatchFormat {

    /** One task object per line; blank lines are skipped. */
    NDJSON("application/x-ndjson", "application/jsonl"),

    /** One JSON document {@code {"tasks": [ ... ]}}. */
    JSON("application/json");

    private final List<String> mediaTypes;

    BatchFormat(String... mediaTypes) {
        this.mediaTypes = List.of(mediaTypes);
    }

    public List<String> mediaTypes() {
        return mediaTypes;
    }

    /** Every media type some format accepts, primary ones first. */
    public static List<String> supportedMediaTypes() {
        return Arrays.stream(values()).flatMap(f -> f.mediaTypes.stream()).toList();
    }

    /**
     * The format a {@code Content-Type} header value selects; parameters such as
     * {@code charset=utf-8} are ignored because both formats are UTF-8 by definition.
     */
    public static Optional<BatchFormat> forContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.mediaTypes.contains(essence)).findFirst();
    }
}
