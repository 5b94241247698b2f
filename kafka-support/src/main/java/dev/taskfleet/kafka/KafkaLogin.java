package dev.taskfleet.kafka;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a service's Kafka credentials are kept when they are files (a mounted Secret, the local
 * fleet's run directory) rather than the {@code kafka.sasl.jaas.config} setting: a user name file
 * and a password file, or one file holding the whole JAAS line. Files keep a password out of
 * command lines and environment listings.
 *
 * @param usernameFile   a file holding the SASL user name
 * @param passwordFile   a file holding its password
 * @param jaasConfigFile a file holding the whole {@code sasl.jaas.config} line (Strimzi's Secrets have one)
 */
public record KafkaLogin(Optional<Path> usernameFile, Optional<Path> passwordFile, Optional<Path> jaasConfigFile) {

    public KafkaLogin {
        usernameFile = usernameFile == null ? Optional.empty() : usernameFile;
        passwordFile = passwordFile == null ? Optional.empty() : passwordFile;
        jaasConfigFile = jaasConfigFile == null ? Optional.empty() : jaasConfigFile;
    }

    /** No files: whatever {@code kafka.*} says is all there is. */
    public static KafkaLogin none() {
        return new KafkaLogin(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A user name file and a password file. */
    public static KafkaLogin files(Path usernameFile, Path passwordFile) {
        return new KafkaLogin(Optional.of(usernameFile), Optional.of(passwordFile), Optional.empty());
    }

    boolean isEmpty() {
        return usernameFile.isEmpty() && passwordFile.isEmpty() && jaasConfigFile.isEmpty();
    }
}
