package dev.taskfleet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each loop of {@link NameSyntax} accepts exactly what the regular expression it replaced accepts. */
class NameSyntaxTest {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TEAM = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** Every character the rules name, their neighbours in ASCII, and some they must refuse. */
    private static final String ALPHABET = "azAZ09._:-/@`[{ \t\u0000\u00e9\u0130\u212a\uff21\ud83d\ude00";

    @Test
    void taskIdsFollowTheirRegularExpression() {
        assertSameAnswers(NameSyntax::isTaskId, ID, "abcxyzABCXYZ0189._:-");
        assertThat(NameSyntax.isTaskId("task-000001")).isTrue();
        assertThat(NameSyntax.isTaskId("a".repeat(128))).isTrue();
        assertThat(NameSyntax.isTaskId("a".repeat(129))).isFalse();
        assertThat(NameSyntax.isTaskId("-task")).isFalse();
    }

    @Test
    void taskTypesFollowTheirRegularExpression() {
        assertSameAnswers(NameSyntax::isTaskType, TYPE, "abcxyzABCXYZ0189._-");
        assertThat(NameSyntax.isTaskType("refactor.java_8")).isTrue();
        assertThat(NameSyntax.isTaskType("review:security")).isFalse();
        assertThat(NameSyntax.isTaskType("t".repeat(65))).isFalse();
    }

    @Test
    void teamsFollowTheirRegularExpression() {
        assertSameAnswers(NameSyntax::isTeam, TEAM, "abcxyz0189-");
        assertThat(NameSyntax.isTeam("payments-eu")).isTrue();
        assertThat(NameSyntax.isTeam("Payments")).isFalse();
        assertThat(NameSyntax.isTeam("pay.ments")).isFalse();
        assertThat(NameSyntax.isTeam("")).isFalse();
    }

    private static void assertSameAnswers(Predicate<String> loop, Pattern regex, String allowed) {
        List<String> values = values(allowed);
        int accepted = 0;
        for (String value : values) {
            boolean expected = regex.matcher(value).matches();
            assertThat(loop.test(value)).as("'%s' against %s", value, regex).isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        // Both answers must come up often, or the comparison says little.
        assertThat(accepted).as("accepted of %d", values.size()).isBetween(values.size() / 20, values.size() * 19 / 20);
    }

    /** Strings of 0-140 characters (seed 42): mostly of {@code allowed}, with a few others of the alphabet mixed in. */
    private static List<String> values(String allowed) {
        Random random = new Random(42);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(8) == 0 ? 60 + random.nextInt(81) : random.nextInt(20);
            StringBuilder value = new StringBuilder();
            for (int j = 0; j < length; j++) {
                value.append(random.nextInt(30) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                        : allowed.charAt(random.nextInt(allowed.length())));
            }
            values.add(value.toString());
        }
        return values;
    }
}
