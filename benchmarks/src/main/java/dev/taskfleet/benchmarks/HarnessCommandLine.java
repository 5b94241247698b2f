package dev.taskfleet.benchmarks;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the harnesses' command lines share: the options every harness has ({@link Common}), and
 * how a command line becomes checked options, for a harness's {@code main} ({@link #run}) and for
 * tests ({@link #parse}). Each harness declares its own options as a picocli {@code @Command}
 * class implementing {@link Checked}.
 */
public final class HarnessCommandLine {

    /** The system property naming the repository root; services run from {@code <module>/target} below it. */
    public static final String HOME_PROPERTY = "taskfleet.home";
    /** The last line of every harness's usage. */
    public static final String HOME_FOOTER = "The repository root <home> is -D" + HOME_PROPERTY
            + " (default: the working directory).";

    private HarnessCommandLine() {
    }

    /** Options whose values depend on each other, checked once picocli has set them all. */
    public interface Checked {

        /** @throws IllegalArgumentException naming the first option whose value is refused */
        void check();
    }

    /** A harness run with checked options; may fail with anything, which ends {@code main}. */
    @FunctionalInterface
    public interface Harness<T> {
        void run(T options) throws Exception;
    }

    /** Mixed into every harness command ({@code @Mixin}): the work directory, the repository root, {@code --help}. */
    public static final class Common {

        @Option(names = "--work-dir", paramLabel = "DIR",
                description = "broker data, files and every service's log (default: below <home>/benchmarks/target)")
        private Path workDir;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
        private boolean help;

        /** The repository root, {@code -Dtaskfleet.home}, by default the working directory. */
        public Path home() {
            return Path.of(System.getProperty(HOME_PROPERTY, "")).toAbsolutePath().normalize();
        }

        /** {@code --work-dir}, or {@code <home>/benchmarks/target/<defaultName>}. */
        public Path workDir(String defaultName) {
            return workDir != null ? workDir.toAbsolutePath().normalize()
                    : home().resolve("benchmarks").resolve("target").resolve(defaultName);
        }
    }

    /**
     * Parses {@code args} into {@code options} and checks them.
     *
     * @throws IllegalArgumentException for an unknown option, a value that does not convert or a
     *                                  refused value, naming it
     */
    public static <T extends Checked> T parse(T options, String... args) {
        try {
            new CommandLine(options).parseArgs(args);
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
    public static <T extends Checked> void run(T options, String[] args, Harness<T> harness) throws Exception {
        CommandLine commandLine = new CommandLine(options);
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
        harness.run(options);
    }
}
