package dev.taskfleet.contract;

/**
 * Text that stops a regular-expression match when its time budget runs out. {@link java.util.regex}
 * reads the input through {@link #charAt}, so checking the clock there bounds even a catastrophic
 * backtracking pattern.
 */
final class BudgetedText implements CharSequence {

    /** Thrown out of the matcher when the budget is spent. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    private final CharSequence text;
    private final long deadlineNanos;
    private int reads;

    BudgetedText(CharSequence text, long deadlineNanos) {
        this.text = text;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public char charAt(int index) {
        // Reading the clock on every character would slow every match; every 4096th is enough.
        if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadlineNanos) {
            throw new BudgetExceeded();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedText(text.subSequence(start, end), deadlineNanos);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
