package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codes on the wire are declared once, listed whole in {@code ALL}, and documented in docs/EVENTS.md. */
class WireCodesTest {

    private static final Path EVENTS_DOC = Path.of("..", "docs", "EVENTS.md");

    @Test
    void everyDeadLetterReasonIsListedAndDocumented() throws Exception {
        assertThat(DeadLetterReasons.ALL).containsExactlyInAnyOrderElementsOf(declaredCodes(DeadLetterReasons.class));
        assertDocumented(DeadLetterReasons.ALL);
    }

    @Test
    void everyResultErrorCodeIsListedAndDocumented() throws Exception {
        assertThat(ResultErrorCodes.ALL).containsExactlyInAnyOrderElementsOf(declaredCodes(ResultErrorCodes.class));
        assertDocumented(ResultErrorCodes.ALL);
    }

    /** Every {@code public static final String} of {@code codes}: a constant added without {@code ALL} fails. */
    private static List<String> declaredCodes(Class<?> codes) throws IllegalAccessException {
        List<String> declared = new ArrayList<>();
        for (Field field : codes.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                declared.add((String) field.get(null));
            }
        }
        return declared;
    }

    private static void assertDocumented(List<String> codes) throws IOException {
        String doc = Files.readString(EVENTS_DOC);
        for (String code : codes) {
            assertThat(doc).as("docs/EVENTS.md has a table row for %s", code).contains("| `" + code + "` |");
        }
    }
}
