package dev.taskfleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login files become the JAAS line; settings that cannot work are refused naming the keys; nothing secret is shown. */
class KafkaClientSettingsTest {

    private static final Map<String, Object> SASL_SSL = Map.of("bootstrap.servers", "kafka:9093",
            "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
            "ssl.truststore.location", "/etc/kafka/ca.crt", "group.id", "taskfleet-producer");

    @TempDir
    Path dir;

    @Test
    void userNameAndPasswordFilesBecomeTheScramLoginWithoutTheirLineBreaks() throws IOException {
        KafkaClientSettings settings = KafkaClientSettings.of(SASL_SSL, login("tf-producer\n", "p\"w\\rd\n"));

        assertThat(settings.common()).containsEntry("sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"tf-producer\" "
                        + "password=\"p\\\"w\\\\rd\";")
                .doesNotContainKey("group.id");
        assertThat(settings.principal()).isEqualTo("User:tf-producer");
    }

    @Test
    void describesTheConnectionWithoutTheSecret() throws IOException {
        KafkaClientSettings settings = KafkaClientSettings.of(SASL_SSL, login("tf-router", "s3cret-pw"));

        assertThat(settings.toString())
                .isEqualTo("SASL_SSL, SCRAM-SHA-512 as User:tf-router, credentials from " + dir.resolve("password")
                        + ", trusting /etc/kafka/ca.crt")
                .doesNotContain("s3cret-pw");
    }

    @Test
    void aJaasLineFromTheEnvironmentNamesItsUser() {
        Map<String, Object> kafka = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"worker-fast\" password=\"x\";");

        KafkaClientSettings settings = KafkaClientSettings.of(kafka, KafkaLogin.none());

        assertThat(settings.principal()).isEqualTo("User:worker-fast");
        assertThat(settings.toString()).isEqualTo("SASL_PLAINTEXT, PLAIN as User:worker-fast, "
                + "credentials from kafka.sasl.jaas.config");
    }

    @Test
    void aJaasConfigFileIsTakenAsItIs() throws IOException {
        Path file = Files.writeString(dir.resolve("sasl.jaas.config"),
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"tf-keda\" password=\"k\";\n");

        KafkaClientSettings settings = KafkaClientSettings.of(SASL_SSL,
                new KafkaLogin(Optional.empty(), Optional.empty(), Optional.of(file)));

        assertThat(settings.common().get("sasl.jaas.config")).asString().endsWith("password=\"k\";");
        assertThat(settings.principal()).isEqualTo("User:tf-keda");
    }

    @Test
    void everyClientStartsFromTheSameSecuritySettings() throws IOException {
        KafkaClientSettings settings = KafkaClientSettings.of(SASL_SSL, login("u", "p"));

        for (Map<String, Object> client : java.util.List.of(settings.admin("a"), settings.producer("p"),
                settings.consumer("c"), settings.follower("f"))) {
            assertThat(client).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.jaas.config", settings.common().get("sasl.jaas.config"))
                    .containsEntry("ssl.truststore.location", "/etc/kafka/ca.crt");
        }
        assertThat(settings.producer("p")).containsEntry("interceptor.classes", RefusalReporter.class.getName());
    }

    @Test
    void aSaslProtocolWithoutCredentialsIsRefusedNamingTheKeys() {
        assertThatThrownBy(() -> KafkaClientSettings.of(SASL_SSL, KafkaLogin.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SASL_SSL")
                .hasMessageContaining("kafka.sasl.jaas.config")
                .hasMessageContaining("taskfleet.kafka.sasl.username-file");
    }

    @Test
    void credentialsGivenTwiceAreRefused() throws IOException {
        Map<String, Object> both = new java.util.HashMap<>(SASL_SSL);
        both.put("sasl.jaas.config", "x");

        assertThatThrownBy(() -> KafkaClientSettings.of(both, login("u", "p")))
                .hasMessageContaining("given twice");
    }

    @Test
    void anUnreadableOrIncompleteLoginIsRefusedNamingTheKey() throws IOException {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> KafkaClientSettings.of(SASL_SSL, KafkaLogin.files(missing, missing)))
                .hasMessageContaining("taskfleet.kafka.sasl.username-file").hasMessageContaining(missing.toString());
        Path user = Files.writeString(dir.resolve("user"), "u");
        assertThatThrownBy(() -> KafkaClientSettings.of(SASL_SSL,
                new KafkaLogin(Optional.of(user), Optional.empty(), Optional.empty())))
                .hasMessageContaining("go together");
    }

    @Test
    void withoutSecurityTheClientsAreAnonymous() {
        KafkaClientSettings settings = KafkaClientSettings.of(Map.of("bootstrap.servers", "localhost:19092"),
                KafkaLogin.none());

        assertThat(settings.principal()).isEqualTo("User:ANONYMOUS");
        assertThat(settings.toString()).isEqualTo("PLAINTEXT");
    }

    private KafkaLogin login(String user, String password) throws IOException {
        return KafkaLogin.files(Files.writeString(dir.resolve("username"), user),
                Files.writeString(dir.resolve("password"), password));
    }
}
