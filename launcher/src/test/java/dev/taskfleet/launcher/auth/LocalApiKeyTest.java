package dev.taskfleet.launcher.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalApiKeyTest {

    @TempDir
    Path home;

    @Test
    void createsA32ByteHexKeyOnceReadableOnlyByTheOwner() throws Exception {
        String key = LocalApiKey.ensure(home);

        assertThat(key).matches("[0-9a-f]{64}");
        Path file = home.resolve(".taskfleet/api-key");
        assertThat(Files.readString(file).strip()).isEqualTo(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(LocalApiKey.ensure(home)).isEqualTo(key);
        assertThat(LocalApiKey.read(home)).contains(key);
    }

    @Test
    void anEmptyKeyFileLeftByAnInterruptedStartIsReplacedWhole() throws Exception {
        Path file = Files.createDirectories(home.resolve(".taskfleet")).resolve("api-key");
        Files.createFile(file);

        String key = LocalApiKey.ensure(home);

        assertThat(key).matches("[0-9a-f]{64}");
        assertThat(Files.readString(file)).isEqualTo(key + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void readsNothingWhenThereIsNoKey() {
        assertThat(LocalApiKey.read(home)).isEmpty();
    }

    @Test
    void theProducerGetsTheTeamAndTheSha256OfTheKey() {
        // sha256("abc"), a well-known test vector.
        assertThat(LocalApiKey.producerEntry("abc"))
                .isEqualTo("local:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
