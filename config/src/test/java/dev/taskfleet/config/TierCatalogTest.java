package dev.taskfleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TierCatalogTest {

    @Test
    void readsTheStandardTiersFromTheBundledFile() {
        TierCatalog catalog = TierCatalog.with(new Properties(), Map.of());

        assertThat(catalog.rates("fast")).isEqualTo(new TierRates("fast", 0.15, 0.60, 200));
        assertThat(catalog.rates("quality")).isEqualTo(new TierRates("quality", 3, 15, 500));
    }

    @Test
    void aTierTheFileDoesNotListGetsTheGenericDefaults() {
        assertThat(TierCatalog.with(new Properties(), Map.of()).rates("medium"))
                .isEqualTo(new TierRates("medium", 0, 0, 250));
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironmentWhichWinsOverTheFile() {
        Properties system = new Properties();
        system.setProperty("taskfleet.tiers.fast.price.input-per-million", "0.2");
        Map<String, String> environment = Map.of(
                "TASKFLEET_TIERS_FAST_PRICE_INPUT_PER_MILLION", "9",
                "TASKFLEET_TIERS_FAST_PRICE_OUTPUT_PER_MILLION", "0.8",
                "TASKFLEET_TIERS_QUALITY_SIMULATED_OUTPUT_TOKENS_MEDIAN", "400");

        TierCatalog catalog = TierCatalog.with(system, environment);

        assertThat(catalog.rates("fast")).isEqualTo(new TierRates("fast", 0.2, 0.8, 200));
        assertThat(catalog.rates("quality").expectedOutputTokens()).isEqualTo(400);
    }

    @Test
    void namesTheKeyOfAValueThatIsNotANumber() {
        Properties system = new Properties();
        system.setProperty("taskfleet.tiers.fast.price.output-per-million", "cheap");

        assertThatThrownBy(() -> TierCatalog.with(system, Map.of()).rates("fast"))
                .hasMessage("taskfleet.tiers.fast.price.output-per-million must be a number, was 'cheap'");
    }

    @Test
    void costIsLinearInTokens() {
        TierRates quality = new TierRates("quality", 3, 15, 500);

        assertThat(quality.costUsd(1_000_000, 0)).isEqualTo(3.0);
        assertThat(quality.costUsd(1_000, 500)).isCloseTo(0.003 + 0.0075, within(1e-12));
    }
}
