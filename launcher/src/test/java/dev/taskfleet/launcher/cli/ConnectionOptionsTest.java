package dev.taskfleet.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which key goes to which server: the local dev key only ever to this machine. */
class ConnectionOptionsTest {

    private static final String LOCAL_KEY = "local-dev-key";

    @TempDir
    Path home;

    @BeforeEach
    void writeTheLocalKey() throws Exception {
        Files.writeString(Files.createDirectories(home.resolve(".taskfleet")).resolve("api-key"), LOCAL_KEY + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080", "http://LOCALHOST", "https://localhost/taskfleet",
            "http://127.0.0.1:8080", "http://127.45.6.7", "http://[::1]:8080", "http://[0:0:0:0:0:0:0:1]"})
    void theLocalKeyFileGoesToALoopbackHost(String url) {
        assertThat(ConnectionOptions.key(null, URI.create(url), home)).isEqualTo(LOCAL_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://fleet.example.com", "http://10.0.0.1:8080", "http://128.0.0.1",
            "http://0.0.0.0:8080", "http://localhost.example.com", "http://127.0.0.1.nip.io", "http://127.0.0.256",
            "http://[::2]:8080", "http://localhost@fleet.example.com"})
    void theLocalKeyFileNeverGoesToAnotherHost(String url) {
        assertThat(ConnectionOptions.key(null, URI.create(url), home)).isNull();
    }

    @Test
    void anExplicitKeyGoesToAnyHostAndABlankOneCountsAsNone() {
        assertThat(ConnectionOptions.key(" team-key ", URI.create("https://fleet.example.com"), home)).isEqualTo("team-key");
        assertThat(ConnectionOptions.key(" ", URI.create("http://localhost:8080"), home)).isEqualTo(LOCAL_KEY);
    }
}
