package dev.taskfleet.benchmarks;

import dev.taskfleet.policy.RoutingPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routing policy files the harnesses give their routers: the bundled default policy, and
 * edits of it that change one line each, so a harness compares exactly what it says it changed.
 */
public final class PolicyFiles {

    private PolicyFiles() {
    }

    /** The bundled default policy's text, as the router loads it without a policy file. */
    public static String defaultPolicy() {
        try (InputStream in = RoutingPolicy.class.getResourceAsStream("default-policy.yaml")) {
            if (in == null) {
                throw new IllegalStateException("default-policy.yaml is missing from the policy jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code text} with the one place {@code regex} matches replaced; fails loudly if the default policy changed shape. */
    public static String edited(String text, String regex, String replacement) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find() || matcher.find()) {
            throw new IllegalStateException("the default policy no longer has exactly one place matching " + regex);
        }
        return text.replaceFirst(regex, replacement);
    }
}
