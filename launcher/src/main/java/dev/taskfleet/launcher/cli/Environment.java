package dev.taskfleet.launcher.cli;

import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the launcher runs: the repository root and whether standard output is a terminal. */
public final class Environment {

    /** Set by the {@code taskfleet} script to the repository root. */
    static final String HOME_PROPERTY = "taskfleet.home";
    /** Set by the {@code taskfleet} script to whether stdout is a terminal ({@code [ -t 1 ]}). */
    static final String TTY_PROPERTY = "taskfleet.tty";

    private Environment() {
    }

    /**
     * The repository root: the {@code taskfleet.home} property, else two levels above
     * {@code launcher/target/taskfleet-launcher.jar}, else the working directory.
     */
    public static Path home() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(Environment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // launcher/target/taskfleet-launcher.jar -> the repository root
            Path root = jar;
            for (int level = 0; level < 3 && root != null; level++) {
                root = root.getParent();
            }
            if (root != null && Files.isRegularFile(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("launcher"))) {
                return root;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Fall through to the working directory.
        }
        return Path.of("").toAbsolutePath();
    }

    /** Whether standard output is an interactive terminal that can redraw lines. */
    public static boolean stdoutIsTerminal() {
        String configured = System.getProperty(TTY_PROPERTY);
        if (configured != null) {
            return Boolean.parseBoolean(configured);
        }
        Object console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a console even when redirected; isTerminal() tells them apart.
            Method isTerminal = console.getClass().getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }
}
