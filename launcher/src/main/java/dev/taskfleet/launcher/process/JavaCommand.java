package dev.taskfleet.launcher.process;

import java.nio.file.Path;

/** Which {@code java} runs the child JVMs: {@code $JAVA_HOME/bin/java} when set, else {@code java} from the PATH. */
public final class JavaCommand {

    private JavaCommand() {
    }

    public static String executable() {
        String javaHome = System.getenv("JAVA_HOME");
        return javaHome == null || javaHome.isBlank() ? "java" : Path.of(javaHome, "bin", "java").toString();
    }
}
