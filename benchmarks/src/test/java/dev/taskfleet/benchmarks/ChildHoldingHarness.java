package dev.taskfleet.benchmarks;

import dev.taskfleet.launcher.process.ManagedProcess;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * A harness for {@link HarnessStopsItsChildrenTest}: starts a child process the way the harnesses
 * start brokers and services (in a session of its own), prints {@code child <pid>}, and then waits
 * until its JVM is stopped.
 */
public final class ChildHoldingHarness {

    /** The options every harness has, nothing more. */
    @Command(name = "ChildHoldingHarness")
    static final class Options extends HarnessOptions {
        Options() {
            super("child-holding");
        }

        @Override
        protected void check() {
            // Nothing of its own to check.
        }
    }

    private ChildHoldingHarness() {
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions.run(new Options(), args, options -> {
            ManagedProcess child = ManagedProcess.start("sleeper", List.of("sleep", "600"),
                    options.workDir().resolve("sleeper.log"));
            System.out.println("child " + child.pid());
            System.out.flush();
            new CountDownLatch(1).await();
        });
    }
}
