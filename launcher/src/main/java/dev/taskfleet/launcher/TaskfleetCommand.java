package dev.taskfleet.launcher;

import dev.taskfleet.launcher.cli.CancelCommand;
import dev.taskfleet.launcher.cli.ExitCodes;
import dev.taskfleet.launcher.cli.ListCommand;
import dev.taskfleet.launcher.cli.ResultsCommand;
import dev.taskfleet.launcher.cli.RetryCommand;
import dev.taskfleet.launcher.cli.RouteCommand;
import dev.taskfleet.launcher.cli.StatusCommand;
import dev.taskfleet.launcher.cli.SubmitCommand;
import dev.taskfleet.launcher.cli.WatchCommand;
import dev.taskfleet.launcher.client.ApiException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code taskfleet} command; {@code ./taskfleet} at the repository root runs it after building what is missing. */
@Command(name = "taskfleet",
        mixinStandardHelpOptions = true,
        versionProvider = TaskfleetCommand.Version.class,
        description = {"Submits and follows batches of AI tasks, explains routing, and runs the whole fleet on this machine.",
                "Server: --url or TASKFLEET_URL (default http://localhost:8080). Key: --api-key, TASKFLEET_API_KEY, "
                        + "or .taskfleet/api-key (written by 'taskfleet local')."},
        footer = ExitCodes.FOOTER,
        subcommands = {SubmitCommand.class, StatusCommand.class, WatchCommand.class, ResultsCommand.class,
                RetryCommand.class, CancelCommand.class, ListCommand.class, RouteCommand.class,
                DemoCommand.class, LocalCommand.class, GenerateDemoBatchCommand.class, CommandLine.HelpCommand.class})
public final class TaskfleetCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests and for {@link #main(String[])}. */
    public static CommandLine commandLine() {
        return new CommandLine(new TaskfleetCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("taskfleet: " + describe(exception));
                    if (!isExpected(exception)) {
                        exception.printStackTrace(commandLine.getErr());
                    }
                    commandLine.getErr().flush();
                    return ExitCodes.of(exception);
                });
    }

    private static boolean isExpected(Exception exception) {
        return exception instanceof IllegalStateException || exception instanceof IllegalArgumentException
                || exception instanceof UncheckedIOException || exception instanceof ApiException;
    }

    private static String describe(Exception exception) {
        return exception.getMessage() != null ? exception.getMessage() : exception.toString();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say what to run: submit, status, watch, results, retry, cancel, list, route, demo, local or help");
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TaskfleetCommand.class.getPackage().getImplementationVersion();
            return new String[] {"taskfleet " + (version == null ? "(development build)" : version)};
        }
    }
}
