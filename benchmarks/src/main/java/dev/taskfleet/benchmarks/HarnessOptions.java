package dev.taskfleet.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What every harness's command line has, and how one becomes checked options. Each harness
 * declares its own options in a picocli {@code @Command} subclass; picocli reads the options
 * declared here too, so every harness takes {@code --work-dir} and {@code --help}. A harness's
 * {@code main} calls {@link #run}, tests call {@link #parse}.
 */
public abstract class HarnessOptions {

    /** The system property naming the repository root; services run from {@code <module>/target} below it. */
    public static final String HOME_PROPERTY = "taskfleet.home";
    /** The last line of every harness's usage. */
    public static final String HOME_FOOTER = "The repository root <home> is -D" + HOME_PROPERTY
            + " (default: the working directory).";

    /** How long a child process stopped with the harness may take to exit before it is killed. */
    private static final Duration CHILD_STOP_TIMEOUT = Duration.ofSeconds(15);

    /** A harness run with checked options; may fail with anything, which ends {@code main}. */
    @FunctionalInterface
    public interface Harness<T> {
        void run(T options) throws Exception;
    }

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "broker data, files and every service's log (default: below <home>/benchmarks/target)")
    private Path workDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    private final String defaultWorkDir;

    /** @param defaultWorkDir the work directory's name below {@code <home>/benchmarks/target} */
    protected HarnessOptions(String defaultWorkDir) {
        this.defaultWorkDir = defaultWorkDir;
    }

    /**
     * Refuses values that parse but make no sense, alone or together.
     *
     * @throws IllegalArgumentException naming the first refused value
     */
    protected abstract void check();

    /** The repository root, {@code -Dtaskfleet.home}, by default the working directory. */
    public Path home() {
        return Path.of(System.getProperty(HOME_PROPERTY, "")).toAbsolutePath().normalize();
    }

    /** {@code --work-dir}, by default {@code <home>/benchmarks/target/<the harness's directory>}. */
    public Path workDir() {
        return workDir != null ? workDir.toAbsolutePath().normalize()
                : home().resolve("benchmarks").resolve("target").resolve(defaultWorkDir);
    }

    /**
     * Parses {@code args} into {@code options} and checks them.
     *
     * @throws IllegalArgumentException for an unknown option, a value that does not convert or a
     *                                  refused value, naming it
     */
    public static <T extends HarnessOptions> T parse(T options, String... args) {
        try {
            new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        options.check();
        return options;
    }

    /**
     * A harness's {@code main}: runs {@code harness} with the options {@code args} give. With
     * {@code --help} prints the usage instead; for a bad command line prints the problem and the
     * usage and exits with status 2.
     */
    public static <T extends HarnessOptions> void run(T options, String[] args, Harness<T> harness) throws Exception {
        CommandLine commandLine = new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(System.out);
                return;
            }
            options.check();
        } catch (ParameterException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            commandLine.usage(System.err);
            System.exit(2);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(HarnessOptions::stopChildren, "harness-stop-children"));
        harness.run(options);
    }

    /**
     * Stops every process this JVM started and that still runs. The brokers and services a harness
     * starts run in sessions of their own (setsid), so a Ctrl-C or a {@code kill} of the harness does
     * not reach them, and without this they would outlive it, holding ports, memory and CPU that the
     * next run then measures beside. A harness that ends normally has closed them already.
     */
    static void stopChildren() {
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        children.forEach(ProcessHandle::destroy);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(CHILD_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                child.destroyForcibly();
            }
        }
    }
}
