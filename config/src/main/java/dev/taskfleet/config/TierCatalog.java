package dev.taskfleet.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The tiers' prices and typical answer lengths as the workers will charge them, for code that is
 * not a worker (the CLI's cost estimate, the calculus benchmark). It reads the same file the
 * workers read ({@value #RESOURCE} in this module's jar) and applies the same overrides in the same
 * order: a system property wins over an environment variable ({@code TASKFLEET_TIERS_FAST_PRICE_INPUT_PER_MILLION},
 * SmallRye's mapping of the key), which wins over the file; a tier the file does not list gets the
 * generic defaults, which {@code WorkerConfig} declares from the constants here.
 */
public final class TierCatalog {

    /** The standard tiers' model defaults, read by every service as a configuration source. */
    public static final String RESOURCE = "META-INF/microprofile-config.properties";
    /** Price of a tier the file does not list (worker {@code @WithDefault}): free. */
    public static final String GENERIC_PRICE_PER_MILLION = "0";
    /** Typical answer length of a tier the file does not list (worker {@code @WithDefault}). */
    public static final String GENERIC_OUTPUT_TOKENS_MEDIAN = "250";

    private final Properties file;
    private final Function<String, Optional<String>> overrides;

    private TierCatalog(Properties file, Function<String, Optional<String>> overrides) {
        this.file = file;
        this.overrides = overrides;
    }

    /** The catalogue with this JVM's system properties and environment as overrides, as a worker started here would see them. */
    public static TierCatalog fromEnvironment() {
        return with(System.getProperties(), System.getenv());
    }

    /** The catalogue with the given system properties and environment variables as overrides. */
    public static TierCatalog with(Properties systemProperties, Map<String, String> environment) {
        return new TierCatalog(bundled(), key -> Optional.ofNullable(systemProperties.getProperty(key))
                .or(() -> Optional.ofNullable(environment.get(environmentName(key)))));
    }

    /** The rates a worker of {@code tier} charges by. */
    public TierRates rates(String tier) {
        String prefix = FleetKeys.PREFIX + ".tiers." + tier + ".";
        return new TierRates(tier,
                number(prefix + "price.input-per-million", GENERIC_PRICE_PER_MILLION),
                number(prefix + "price.output-per-million", GENERIC_PRICE_PER_MILLION),
                (long) number(prefix + "simulated.output-tokens-median", GENERIC_OUTPUT_TOKENS_MEDIAN));
    }

    /** The value a worker would read for {@code key}, or {@code fallback} (its generic default). */
    public String value(String key, String fallback) {
        return overrides.apply(key).map(String::strip).filter(v -> !v.isEmpty())
                .orElseGet(() -> file.getProperty(key, fallback));
    }

    private double number(String key, String fallback) {
        String value = value(key, fallback);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + value + "'", e);
        }
    }

    /** SmallRye's environment name of a key: upper case, every character but letters and digits an underscore. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** This module's copy: other jars on the class path may ship a file of the same standard name. */
    private static Properties bundled() {
        Properties properties = new Properties();
        try (InputStream in = ownResource().openStream()) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static URL ownResource() throws IOException {
        String ownLocation = TierCatalog.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        for (Enumeration<URL> found = TierCatalog.class.getClassLoader().getResources(RESOURCE); found.hasMoreElements(); ) {
            URL url = found.nextElement();
            if (url.getPath().contains(ownLocation)) {
                return url;
            }
        }
        throw new IllegalStateException(RESOURCE + " is missing from the config module (" + ownLocation + ")");
    }
}
