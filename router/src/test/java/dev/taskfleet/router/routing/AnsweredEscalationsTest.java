package dev.taskfleet.router.routing;

import static dev.taskfleet.testkit.EscalationBuilder.anEscalation;
import static dev.taskfleet.testkit.RoutedTaskBuilder.aRoutedTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskfleet.contract.EscalationRequest;
import dev.taskfleet.testkit.TaskBuilder;
import org.junit.jupiter.api.Test;

class AnsweredEscalationsTest {

    private static EscalationRequest request(String taskId) {
        return anEscalation().of(aRoutedTask().task(TaskBuilder.task().id(taskId).batch("b1"))).build();
    }

    private static void answer(AnsweredEscalations answered, String taskId) {
        AnsweredEscalations.Claims claims = answered.begin();
        assertThat(claims.claim(request(taskId))).as("first request of %s", taskId).isTrue();
        claims.commit();
    }

    @Test
    void remembersTwoGenerationsAndForgetsTheOlderWhenTheNewerFills() {
        AnsweredEscalations answered = new AnsweredEscalations(2);
        answer(answered, "t1");
        answer(answered, "t2");
        answer(answered, "t3");
        answer(answered, "t4");

        assertThat(answered.begin().claim(request("t1"))).as("two generations back, still known").isFalse();
        answer(answered, "t5");

        assertThat(answered.begin().claim(request("t1"))).as("dropped with the oldest generation").isTrue();
        assertThat(answered.begin().claim(request("t2"))).isTrue();
        assertThat(answered.begin().claim(request("t3"))).isFalse();
        assertThat(answered.begin().claim(request("t5"))).isFalse();
    }

    @Test
    void claimsOfATransactionThatNeverCommitsAreForgotten() {
        AnsweredEscalations answered = new AnsweredEscalations();
        AnsweredEscalations.Claims aborted = answered.begin();
        assertThat(aborted.claim(request("t1"))).isTrue();
        assertThat(aborted.claim(request("t1"))).as("a repeat within the transaction").isFalse();

        assertThat(answered.begin().claim(request("t1"))).isTrue();
    }

    @Test
    void refusesAnEmptyMemory() {
        assertThatThrownBy(() -> new AnsweredEscalations(0)).hasMessageContaining("at least 1");
    }
}
