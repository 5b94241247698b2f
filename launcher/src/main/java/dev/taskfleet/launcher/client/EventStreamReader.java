package dev.taskfleet.launcher.client;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads a {@code text/event-stream} body: {@code event:} and {@code data:} fields, events ended
 * by a blank line, comment lines ({@code :}) ignored. Just enough of the SSE format for the
 * producer's progress stream; ids and retry hints are not used.
 */
final class EventStreamReader {

    /** Receives each event; returns {@code false} to stop reading. */
    interface Handler {
        boolean onEvent(String event, String data) throws IOException;
    }

    private EventStreamReader() {
    }

    /**
     * Dispatches events until the handler stops or the stream ends.
     *
     * @return whether the handler stopped the reading (as opposed to the stream ending)
     */
    static boolean read(BufferedReader reader, Handler handler) throws IOException {
        String event = "message";
        StringBuilder data = null;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (data != null && !handler.onEvent(event, data.toString())) {
                    return true;
                }
                event = "message";
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                event = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return false;
    }
}
