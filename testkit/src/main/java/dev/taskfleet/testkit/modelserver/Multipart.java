package dev.taskfleet.testkit.modelserver;

import java.util.regex.Pattern;

/** Reads one part of a {@code multipart/form-data} request body, as a file upload sends it. */
final class Multipart {

    private Multipart() {
    }

    /**
     * The content of the part named {@code name}.
     *
     * @throws IllegalArgumentException when the request is not multipart or has no such part
     */
    static String part(RecordedRequest request, String name) {
        String type = request.header("Content-Type");
        int at = type == null ? -1 : type.indexOf("boundary=");
        if (at < 0) {
            throw new IllegalArgumentException("not a multipart request: Content-Type " + type);
        }
        String boundary = "--" + type.substring(at + "boundary=".length()).replace("\"", "").strip();
        for (String part : request.body().split(Pattern.quote(boundary))) {
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headersEnd);
            if (headers.contains("name=\"" + name + "\"")) {
                String content = part.substring(headersEnd + 4);
                return content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content;
            }
        }
        throw new IllegalArgumentException("no part named " + name);
    }
}
