package dev.taskfleet.producer.progress;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;

/**
 * A position in a team's batch list, newest first: the sort time and id of the last batch a page
 * held. Opaque to clients (base64url), so the ordering can change without breaking them.
 *
 * @param sortTime the batch's acceptance time (or first result time when not accepted yet)
 * @param batchId  the batch id, breaking ties
 */
public record BatchCursor(Instant sortTime, String batchId) {

    /** Newest first; equal times by batch id, descending. */
    static final Comparator<BatchCursor> NEWEST_FIRST =
            Comparator.comparing(BatchCursor::sortTime).thenComparing(BatchCursor::batchId).reversed();

    public String encode() {
        String plain = sortTime + "|" + batchId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor a client sent back.
     *
     * @throws IllegalArgumentException when it is not one this service wrote
     */
    public static BatchCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("cursor '" + cursor + "' is not valid; use a nextCursor from a reply");
            }
            return new BatchCursor(Instant.parse(plain.substring(0, bar)), plain.substring(bar + 1));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException("cursor '" + cursor + "' is not valid; use a nextCursor from a reply", e);
        }
    }
}
