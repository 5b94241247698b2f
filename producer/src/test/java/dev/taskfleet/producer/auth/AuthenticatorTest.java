package dev.taskfleet.producer.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private final ApiKeyRegistry keys = ApiKeyRegistry.parse(List.of(
            "# teams", "",
            "alpha:" + ApiKeyRegistry.sha256Hex("alpha-key"),
            " beta : " + ApiKeyRegistry.sha256Hex("beta-key").toUpperCase()), "test");
    private final Authenticator auth = new Authenticator(true, keys);

    @Test
    void aBearerKeyMapsToItsTeam() {
        assertThat(keys.size()).isEqualTo(2);
        assertThat(auth.authenticate("Bearer alpha-key")).isEqualTo(new Authenticator.Authenticated("alpha"));
        assertThat(auth.authenticate("bearer beta-key")).isEqualTo(new Authenticator.Authenticated("beta"));
    }

    @Test
    void aMissingKeyAndAWrongKeyAreRefusedForDifferentReasons() {
        assertThat(auth.authenticate(null)).isInstanceOfSatisfying(Authenticator.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Authenticator.MISSING));
        assertThat(auth.authenticate("Bearer ")).isInstanceOfSatisfying(Authenticator.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Authenticator.MISSING));
        assertThat(auth.authenticate("Basic YWxwaGEta2V5")).isInstanceOfSatisfying(Authenticator.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Authenticator.MISSING));
        assertThat(auth.authenticate("Bearer gamma-key")).isInstanceOfSatisfying(Authenticator.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Authenticator.INVALID));
    }

    @Test
    void withAuthenticationOffEveryoneIsTheDefaultTeam() {
        assertThat(new Authenticator(false, keys).authenticate(null)).isEqualTo(new Authenticator.Authenticated("default"));
    }

    @Test
    void aBadEntryIsRefusedByPositionWithoutEchoingIt() {
        assertThatThrownBy(() -> ApiKeyRegistry.parse(List.of("ok:" + ApiKeyRegistry.sha256Hex("k"), "Team:abc"), "keys.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2 of keys.txt")
                .hasMessageNotContaining("abc");
        assertThatThrownBy(() -> ApiKeyRegistry.parse(List.of("plain-key-without-team"), "env"))
                .hasMessageContaining("entry 1 of env");
        assertThatThrownBy(() -> ApiKeyRegistry.parse(List.of("Payments:" + ApiKeyRegistry.sha256Hex("k")), "env"))
                .as("a team name a task could not carry").hasMessageContaining("entry 1 of env");
    }
}
