package dev.taskfleet.testkit;

import java.util.function.Consumer;

/**
 * Base of the contract builders: every setter returns a changed copy and leaves its receiver as
 * it was, so a test can keep a base fixture and derive variants from it
 * ({@code base.failed()}, {@code base.onTier("quality")}) without one variant leaking into the
 * next. Subclasses hold only immutable values, which is what makes the shallow copy safe.
 */
abstract class VariantBuilder<B extends VariantBuilder<B>> implements Cloneable {

    /** A copy of this builder with {@code change} applied to the copy. */
    @SuppressWarnings("unchecked")
    protected final B with(Consumer<B> change) {
        B next;
        try {
            next = (B) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError("builders are Cloneable", e);
        }
        change.accept(next);
        return next;
    }
}
