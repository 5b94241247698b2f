package dev.taskfleet.launcher.client;

import java.io.IOException;
import java.io.UncheckedIOException;

/** No HTTP answer at all: the producer is down, the URL is wrong, or the connection broke. */
public final class ServerUnreachableException extends UncheckedIOException {

    public ServerUnreachableException(String message, IOException cause) {
        super(message, cause);
    }
}
