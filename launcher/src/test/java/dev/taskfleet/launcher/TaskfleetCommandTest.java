package dev.taskfleet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TaskfleetCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = TaskfleetCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void helpListsTheUserCommandsButNotTheMaintainersOne() {
        assertThat(run("help")).isZero();

        assertThat(out.toString())
                .contains("submit", "status", "watch", "results", "retry", "cancel", "list", "demo", "local", "help")
                .contains("Exit codes: 0 ok; 1 tasks failed")
                .doesNotContain("generate-demo-batch");
    }

    @Test
    void demoHelpDocumentsItsOptions() {
        assertThat(run("help", "demo")).isZero();

        assertThat(out.toString()).contains("--tasks", "--set", "--file", "--stall-timeout", "--ready-timeout");
    }

    @Test
    void noCommandOrABadOptionIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("say what to run: submit, status");
        assertThat(run("demo", "--tasks", "many")).isEqualTo(2);
    }
}
