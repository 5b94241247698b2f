package dev.taskfleet.launcher.process;

/** A port the launcher needs is taken; the message names the port, its purpose and, if known, the holder. */
public final class PortInUseException extends IllegalStateException {

    private final int port;

    public PortInUseException(int port, String purpose, String holder) {
        super("port " + port + " (" + purpose + ") is already in use"
                + (holder == null ? "" : " by " + holder)
                + "; stop it and try again");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
