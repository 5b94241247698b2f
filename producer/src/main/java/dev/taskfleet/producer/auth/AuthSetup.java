package dev.taskfleet.producer.auth;

import dev.taskfleet.producer.config.FleetConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Builds the {@link Authenticator} from {@code taskfleet.auth.*} at start-up. A bad entry or an
 * unreadable key file stops the start-up, and so does authentication switched on without any key
 * (every call would be refused). The authenticator is built at start-up ({@link Startup}), not on
 * the first request: a producer that cannot authenticate anyone must not start and answer 500.
 */
@ApplicationScoped
public class AuthSetup {

    private static final Logger LOG = Logger.getLogger(AuthSetup.class);

    @Produces
    @ApplicationScoped
    @Startup
    Authenticator authenticator(FleetConfig config) {
        FleetConfig.Auth auth = config.auth();
        if (!auth.enabled()) {
            LOG.warn("authentication is off (taskfleet.auth.enabled=false): every caller is team 'default'");
            return new Authenticator(false, ApiKeyRegistry.parse(List.of(), "nothing"));
        }
        ApiKeyRegistry keys = ApiKeyRegistry.parse(auth.apiKeyHashes().orElse(List.of()), "taskfleet.auth.api-key-hashes");
        if (auth.apiKeysFile().isPresent()) {
            Path file = auth.apiKeysFile().get();
            keys = keys.plus(ApiKeyRegistry.parse(readLines(file), file.toString()));
        }
        if (keys.size() == 0) {
            throw new IllegalStateException("taskfleet.auth.enabled is true but no API key is configured: set "
                    + "taskfleet.auth.api-key-hashes (team:sha256hex) or taskfleet.auth.api-keys-file, "
                    + "or switch authentication off");
        }
        LOG.infof("authentication on: %d API key(s) configured", keys.size());
        return new Authenticator(true, keys);
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read taskfleet.auth.api-keys-file " + file, e);
        }
    }
}
