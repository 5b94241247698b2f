package dev.taskfleet.launcher;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code taskfleet} command; {@code ./taskfleet} at the repository root runs it after building what is missing. */
@Command(name = "taskfleet",
        mixinStandardHelpOptions = true,
        versionProvider = TaskfleetCommand.Version.class,
        description = "Runs the taskfleet pipeline on this machine: a Kafka broker, the producer, the router and a worker per tier.",
        subcommands = {DemoCommand.class, LocalCommand.class, GenerateDemoBatchCommand.class,
                CommandLine.HelpCommand.class})
public final class TaskfleetCommand implements Runnable {

    /** Exit code when something failed; picocli uses 2 for usage errors. */
    static final int FAILED = 1;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests and for {@link #main(String[])}. */
    public static CommandLine commandLine() {
        return new CommandLine(new TaskfleetCommand())
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("taskfleet: " + describe(exception));
                    if (!isExpected(exception)) {
                        exception.printStackTrace(commandLine.getErr());
                    }
                    return FAILED;
                });
    }

    private static boolean isExpected(Exception exception) {
        return exception instanceof IllegalStateException || exception instanceof IllegalArgumentException
                || exception instanceof UncheckedIOException;
    }

    private static String describe(Exception exception) {
        return exception.getMessage() != null ? exception.getMessage() : exception.toString();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to run: demo, local or help");
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TaskfleetCommand.class.getPackage().getImplementationVersion();
            return new String[] {"taskfleet launcher " + (version == null ? "(development build)" : version)};
        }
    }
}
