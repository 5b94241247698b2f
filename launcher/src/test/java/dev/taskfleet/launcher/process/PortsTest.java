package dev.taskfleet.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aListeningPortIsNotFreeAndTheErrorNamesItsPurpose() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThat(Ports.isFree(port)).isFalse();
            assertThatThrownBy(() -> Ports.requireFree(port, "producer HTTP"))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageStartingWith("port " + port + " (producer HTTP) is already in use");
        }
    }

    @Test
    void namesTheProcessHoldingThePortWhereProcIsReadable() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc");
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThat(Ports.holder(taken.getLocalPort()))
                    .hasValueSatisfying(holder -> assertThat(holder).startsWith("pid " + ProcessHandle.current().pid() + " ("));
        }
    }

    @Test
    void aReleasedPortIsFreeAgain() throws Exception {
        int port;
        try (ServerSocket taken = new ServerSocket(0)) {
            port = taken.getLocalPort();
        }
        assertThat(Ports.isFree(port)).isTrue();
        assertThat(Ports.resolve(port)).isEqualTo(port);
        assertThat(Ports.resolve(0)).isPositive();
    }
}
