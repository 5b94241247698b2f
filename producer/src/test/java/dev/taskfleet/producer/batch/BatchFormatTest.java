package dev.taskfleet.producer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchFormatTest {

    @Test
    void contentTypeSelectsTheFormatIgnoringParametersAndCase() {
        assertThat(BatchFormat.forContentType("application/x-ndjson")).contains(BatchFormat.NDJSON);
        assertThat(BatchFormat.forContentType("Application/JSONL; charset=utf-8")).contains(BatchFormat.NDJSON);
        assertThat(BatchFormat.forContentType("application/json;charset=UTF-8")).contains(BatchFormat.JSON);
    }

    @Test
    void otherOrMissingContentTypesSelectNothing() {
        assertThat(BatchFormat.forContentType("text/plain")).isEmpty();
        assertThat(BatchFormat.forContentType(null)).isEmpty();
        assertThat(BatchFormat.supportedMediaTypes())
                .containsExactly("application/x-ndjson", "application/jsonl", "application/json");
    }
}
