package dev.taskfleet.contract;

/**
 * Estimates a text's token count without a tokenizer: about four characters per token, the usual
 * rule of thumb for English text and code with BPE tokenizers. Good enough for simulation and for
 * budgeting; a real provider's own counts win wherever it reports them. In the contract because the
 * workers count prompts with it and the CLI's cost estimate must count them the same way.
 */
public final class TokenEstimator {

    static final int CHARS_PER_TOKEN = 4;

    private TokenEstimator() {
    }

    /** Tokens in {@code text}: 0 for empty text, otherwise the character count divided by 4, rounded up. */
    public static long estimate(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
