package dev.taskfleet.e2e;

/**
 * A task shape the end-to-end test submits and where the router's default policy must send it.
 * Written out by hand rather than computed, so the test checks the router instead of repeating it.
 */
record ExpectedRoute(String type, String tierHint, String tier, String rule) {

    static final ExpectedRoute[] MIX = {
            new ExpectedRoute("refactor", null, "fast", "heuristic"),
            new ExpectedRoute("unit-test", null, "fast", "heuristic"),
            new ExpectedRoute("boilerplate", null, "fast", "mechanical-chores"),
            new ExpectedRoute("rename", null, "fast", "mechanical-chores"),
            new ExpectedRoute("docstring", null, "fast", "mechanical-chores"),
            new ExpectedRoute("security-review", null, "quality", "reviews"),
            new ExpectedRoute("architecture-review", null, "quality", "reviews"),
            new ExpectedRoute("performance-investigation", null, "quality", "heuristic"),
            new ExpectedRoute("migration-plan", null, "quality", "heuristic"),
            new ExpectedRoute("translate-comments", null, "fast", "heuristic"),
            new ExpectedRoute("rename", "quality", "quality", "tier-hint"),
            new ExpectedRoute("security-review", "fast", "fast", "tier-hint"),
    };
}
