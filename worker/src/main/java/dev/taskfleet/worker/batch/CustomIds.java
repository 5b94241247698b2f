package dev.taskfleet.worker.batch;

import java.util.regex.Pattern;

/**
 * The {@code custom_id}s of a provider batch's requests. Both providers match outcomes to requests
 * by them; Anthropic accepts at most 64 of {@code [A-Za-z0-9_-]}, which task ids (up to 128
 * characters, with {@code .} and {@code :}) may exceed, so an id is built, not copied:
 * {@code <provider batch tag>-<position>-<task id, cleaned and cut>}. The tag (the first 12 letters
 * and digits of the provider batch's id) lets an outcome be recognised as this provider batch's;
 * the position makes it unique within it; the task id makes it readable in the provider's console.
 */
public final class CustomIds {

    /** What both providers accept. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int TAG_CHARS = 12;
    private static final int MAX_CHARS = 64;

    private CustomIds() {
    }

    /** The custom id of the request at {@code position} of provider batch {@code providerBatchId}, for task {@code taskId}. */
    public static String of(String providerBatchId, int position, String taskId) {
        String head = tag(providerBatchId) + "-" + position + "-";
        String readable = taskId.replaceAll("[^A-Za-z0-9_-]", "_");
        String id = head + readable;
        return id.length() <= MAX_CHARS ? id : id.substring(0, MAX_CHARS);
    }

    /** Whether {@code customId} was made for provider batch {@code providerBatchId}. */
    public static boolean belongsTo(String customId, String providerBatchId) {
        return customId != null && customId.startsWith(tag(providerBatchId) + "-");
    }

    private static String tag(String providerBatchId) {
        String letters = providerBatchId.replaceAll("[^A-Za-z0-9]", "");
        return letters.length() <= TAG_CHARS ? letters : letters.substring(0, TAG_CHARS);
    }
}
