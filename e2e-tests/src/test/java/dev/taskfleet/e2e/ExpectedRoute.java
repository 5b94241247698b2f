package dev.taskfleet.e2e;

/**
 * A task shape the end-to-end test submits and where the router's default rules must send it.
 * Written out by hand rather than computed, so the test checks the router instead of repeating it.
 */
record ExpectedRoute(String type, String tierHint, String tier, String rule) {

    static final ExpectedRoute[] MIX = {
            new ExpectedRoute("refactor", null, "fast", "type-keyword"),
            new ExpectedRoute("unit-test", null, "fast", "type-keyword"),
            new ExpectedRoute("boilerplate", null, "fast", "type-keyword"),
            new ExpectedRoute("rename", null, "fast", "type-keyword"),
            new ExpectedRoute("docstring", null, "fast", "type-keyword"),
            new ExpectedRoute("security-review", null, "quality", "type-keyword"),
            new ExpectedRoute("architecture-review", null, "quality", "type-keyword"),
            new ExpectedRoute("performance-investigation", null, "quality", "type-keyword"),
            new ExpectedRoute("translate-comments", null, "fast", "default"),
            new ExpectedRoute("rename", "quality", "quality", "tier-hint"),
            new ExpectedRoute("security-review", "fast", "fast", "tier-hint"),
    };
}
