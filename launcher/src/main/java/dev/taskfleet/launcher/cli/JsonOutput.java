package dev.taskfleet.launcher.cli;

import dev.taskfleet.contract.EventCodec;
import java.io.PrintWriter;

/** {@code --json}: one compact JSON document per line, so scripts can read the output line by line. */
final class JsonOutput {

    private JsonOutput() {
    }

    static void print(PrintWriter out, Object value) {
        out.println(EventCodec.encode(value));
        out.flush();
    }
}
