package dev.taskfleet.launcher.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {

    private final List<String> events = new ArrayList<>();

    private boolean read(String stream) throws Exception {
        return EventStreamReader.read(new BufferedReader(new StringReader(stream)), (event, data) -> {
            events.add(event + "=" + data);
            return !event.equals("stop");
        });
    }

    @Test
    void joinsDataLinesSkipsCommentsAndDefaultsTheEventName() throws Exception {
        boolean stopped = read(": keep-alive\n\nevent: progress\ndata: {\"a\":\ndata: 1}\n\ndata:plain\n\n");

        assertThat(stopped).isFalse();
        assertThat(events).containsExactly("progress={\"a\":\n1}", "message=plain");
    }

    @Test
    void stopsWhenTheHandlerSaysSo() throws Exception {
        boolean stopped = read("event: stop\ndata: x\n\nevent: progress\ndata: y\n\n");

        assertThat(stopped).isTrue();
        assertThat(events).containsExactly("stop=x");
    }

    @Test
    void anEventCutOffWithoutItsBlankLineIsNotDispatched() throws Exception {
        read("event: progress\ndata: half");

        assertThat(events).isEmpty();
    }
}
