package dev.taskfleet.launcher.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Free-port checks before a start, so a clash is reported as "port 8080 is taken by pid 123
 * (java -jar ...)" rather than as a stack trace in a child's log.
 *
 * <p>Finding the holder reads {@code /proc} and so works on Linux only (and only for processes
 * this user may inspect); elsewhere the error just names the port.
 */
public final class Ports {

    private static final String LISTEN = "0A";
    private static final int MAX_COMMAND_CHARS = 160;

    private Ports() {
    }

    /** A port that was free a moment ago. Another process may still take it before it is used. */
    public static int pickFree() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /** {@code port} if it is not 0, otherwise a free port. */
    public static int resolve(int port) {
        return port == 0 ? pickFree() : port;
    }

    /** Whether nothing listens on {@code port} on any local address. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Ignore connections in TIME_WAIT from a previous run; only a listener counts as taken.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @throws PortInUseException if something listens on {@code port} */
    public static void requireFree(int port, String purpose) {
        if (!isFree(port)) {
            throw new PortInUseException(port, purpose, holder(port).orElse(null));
        }
    }

    /** "pid 123 (command line)" of the process listening on {@code port}, if it can be found. */
    public static Optional<String> holder(int port) {
        Set<String> inodes = listeningSocketInodes(port);
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.allProcesses()
                .filter(process -> ownsSocket(process.pid(), inodes))
                .findFirst()
                .map(Ports::describe);
    }

    private static Set<String> listeningSocketInodes(int port) {
        Set<String> inodes = new HashSet<>();
        String portHex = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 9 && fields[1].endsWith(":" + portHex) && LISTEN.equals(fields[3])) {
                        inodes.add(fields[9]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Not Linux, or /proc is hidden: the holder stays unknown.
            }
        }
        return inodes;
    }

    private static boolean ownsSocket(long pid, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                String target = readLink(fd);
                if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // A process we may not inspect, or one that just exited.
        }
        return false;
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }

    static String describe(ProcessHandle process) {
        String command = process.info().commandLine().orElse("command line unknown");
        if (command.length() > MAX_COMMAND_CHARS) {
            command = command.substring(0, MAX_COMMAND_CHARS) + "...";
        }
        return "pid " + process.pid() + " (" + command + ")";
    }
}
