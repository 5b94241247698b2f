package dev.taskfleet.contract;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;
import java.util.regex.Pattern;

/**
 * The regular expressions inside a JSON Schema ({@code pattern}, {@code patternProperties}),
 * matched through {@link BudgetedText} like a task's own {@code regex} expectation. Without it the
 * validator's default factory matches with no limit, and a schema pattern such as
 * {@code (.*a){12}$} could hold a worker thread on one answer indefinitely.
 *
 * <p>One deadline covers a whole schema check (set by {@link #withDeadline}), so a schema with a
 * pattern applied to many array items cannot multiply the budget.
 */
final class BudgetedSchemaRegex implements RegularExpressionFactory {

    static final BudgetedSchemaRegex INSTANCE = new BudgetedSchemaRegex();

    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private BudgetedSchemaRegex() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        // The same translation of ECMA-262 specifics the validator's own JDK factory applies.
        Pattern pattern = Pattern.compile(RegularExpressions.replaceLongformCharacterProperties(
                RegularExpressions.replaceDollarAnchors(regex)));
        return value -> {
            Long deadline = DEADLINE.get();
            long until = deadline != null ? deadline : System.nanoTime() + OutputCheck.REGEX_BUDGET_NANOS;
            return pattern.matcher(new BudgetedText(value, until)).find();
        };
    }

    /**
     * Runs {@code check} with one deadline for every pattern it matches.
     *
     * @throws BudgetedText.BudgetExceeded when the patterns took longer than the budget together
     */
    static <T> T withDeadline(long budgetNanos, java.util.function.Supplier<T> check) {
        DEADLINE.set(System.nanoTime() + budgetNanos);
        try {
            return check.get();
        } finally {
            DEADLINE.remove();
        }
    }
}
