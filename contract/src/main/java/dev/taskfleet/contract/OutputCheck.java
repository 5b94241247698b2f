package dev.taskfleet.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled {@link OutputExpectation}: tells whether a model's answer is what the task asked for.
 * Compiling is the validation of the expectation itself, so the producer refuses a bad pattern or
 * schema at submission (naming the field) and a worker never meets one.
 *
 * <p>Safety: a schema may only refer to itself ({@code $ref} starting with {@code #}), so checking
 * an answer never fetches a URL; regular expressions — the task's own and those inside a schema
 * ({@link BudgetedSchemaRegex}) — get a time budget, so a pathological pattern fails the check
 * instead of occupying a worker thread.
 */
public final class OutputCheck {

    /** Longest pattern or encoded schema accepted. */
    public static final int MAX_EXPECTATION_CHARS = 20_000;
    /** How long one regular-expression match may run before the answer is rejected. */
    static final long REGEX_BUDGET_NANOS = 1_000_000_000L;

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            registry -> registry.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .regularExpressionFactory(BudgetedSchemaRegex.INSTANCE).build()));

    private final OutputExpectation expectation;
    private final Pattern pattern;
    private final Schema schema;

    private OutputCheck(OutputExpectation expectation, Pattern pattern, Schema schema) {
        this.expectation = expectation;
        this.pattern = pattern;
        this.schema = schema;
    }

    /**
     * Compiles an expectation.
     *
     * @throws InvalidTaskException naming {@code expect} (or the sub-field) and what is wrong
     */
    public static OutputCheck compile(OutputExpectation expectation) throws InvalidTaskException {
        if (expectation.kind() == null) {
            throw new InvalidTaskException("expect.kind", "must be one of json, json-schema, regex");
        }
        switch (expectation.kind()) {
            case JSON -> {
                return new OutputCheck(expectation, null, null);
            }
            case REGEX -> {
                String text = expectation.pattern();
                if (text == null || text.isEmpty()) {
                    throw new InvalidTaskException("expect.pattern", "is required for kind regex");
                }
                if (text.length() > MAX_EXPECTATION_CHARS) {
                    throw new InvalidTaskException("expect.pattern", "is " + text.length()
                            + " characters; the limit is " + MAX_EXPECTATION_CHARS);
                }
                try {
                    return new OutputCheck(expectation, Pattern.compile(text), null);
                } catch (PatternSyntaxException e) {
                    throw new InvalidTaskException("expect.pattern", "is not a valid regular expression: "
                            + e.getDescription() + " near index " + e.getIndex());
                }
            }
            case JSON_SCHEMA -> {
                JsonNode node = expectation.schema();
                if (node == null || !node.isObject()) {
                    throw new InvalidTaskException("expect.schema", "is required for kind json-schema and must be a JSON object");
                }
                int size = EventCodec.encode(node).length();
                if (size > MAX_EXPECTATION_CHARS) {
                    throw new InvalidTaskException("expect.schema", "is " + size
                            + " characters of JSON; the limit is " + MAX_EXPECTATION_CHARS);
                }
                requireLocalReferences(node);
                try {
                    return new OutputCheck(expectation, null, SCHEMAS.getSchema(node));
                } catch (SchemaException | IllegalArgumentException e) {
                    throw new InvalidTaskException("expect.schema", "is not a usable JSON Schema: " + e.getMessage());
                }
            }
            default -> throw new IllegalStateException("unhandled kind " + expectation.kind());
        }
    }

    public OutputExpectation expectation() {
        return expectation;
    }

    /** Why the answer fails the expectation, or empty when it passes. */
    public Optional<String> violation(String output) {
        if (output == null) {
            return Optional.of("the answer is empty");
        }
        return switch (expectation.kind()) {
            case JSON -> parse(output).isPresent() ? Optional.empty() : Optional.of("the answer is not valid JSON");
            case REGEX -> matchRegex(output);
            case JSON_SCHEMA -> matchSchema(output);
        };
    }

    private Optional<String> matchRegex(String output) {
        Matcher matcher = pattern.matcher(new BudgetedText(output, System.nanoTime() + REGEX_BUDGET_NANOS));
        try {
            return matcher.find() ? Optional.empty()
                    : Optional.of("the answer does not match the pattern " + abbreviate(pattern.pattern()));
        } catch (BudgetedText.BudgetExceeded e) {
            return Optional.of("matching the pattern took longer than "
                    + REGEX_BUDGET_NANOS / 1_000_000 + " ms; simplify the pattern");
        }
    }

    private Optional<String> matchSchema(String output) {
        Optional<JsonNode> answer = parse(output);
        if (answer.isEmpty()) {
            return Optional.of("the answer is not valid JSON, so it cannot match the schema");
        }
        List<Error> errors;
        try {
            errors = BudgetedSchemaRegex.withDeadline(REGEX_BUDGET_NANOS, () -> schema.validate(answer.get()));
        } catch (RuntimeException e) {
            if (!hasBudgetExceeded(e)) {
                throw e;
            }
            return Optional.of("checking the answer against the schema's patterns took longer than "
                    + REGEX_BUDGET_NANOS / 1_000_000 + " ms; simplify the patterns");
        }
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        String first = errors.get(0).toString();
        return Optional.of("the answer does not match the schema: " + abbreviate(first)
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
    }

    /** The validator may wrap what a pattern throws; the budget's exception is found in the causes. */
    private static boolean hasBudgetExceeded(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BudgetedText.BudgetExceeded) {
                return true;
            }
        }
        return false;
    }

    private static Optional<JsonNode> parse(String output) {
        try {
            JsonNode node = EventCodec.mapper().readTree(output.strip());
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static void requireLocalReferences(JsonNode node) throws InvalidTaskException {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                boolean reference = field.getKey().equals("$ref") || field.getKey().equals("$dynamicRef");
                if (reference && (!field.getValue().isTextual() || !field.getValue().textValue().startsWith("#"))) {
                    throw new InvalidTaskException("expect.schema", "may only refer to itself ('" + field.getKey()
                            + "' must start with '#'); remote references are not fetched");
                }
                requireLocalReferences(field.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                requireLocalReferences(element);
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
