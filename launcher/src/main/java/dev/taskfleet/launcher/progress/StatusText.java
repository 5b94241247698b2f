package dev.taskfleet.launcher.progress;

import dev.taskfleet.api.BatchState;
import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.ProviderWait;
import dev.taskfleet.api.RouterQueue;
import dev.taskfleet.api.TierCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link BatchStatus} as text for people: the {@code status} table and the one-line progress. */
public final class StatusText {

    private StatusText() {
    }

    /**
     * One line for logs: {@code batch b-1 RUNNING: 412/1000 finished (41%), 400 ok, 12 failed,
     * 0 cancelled | fast 300/691 eta 4.0 s | quality 112/309 eta 17.0 s | 35.2 tasks/s, eta 17.0 s}.
     */
    public static String line(BatchStatus status) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "batch %s %s: %d/%d finished (%d%%), %d ok, %d failed, %d cancelled",
                status.batchId(), state(status), status.finished(), status.total(),
                percent(status.finished(), status.total()), status.succeeded(), status.failed(), status.cancelled()));
        if (status.budgetExceeded() > 0) {
            line.append(String.format(Locale.ROOT, " (%d of them stopped at the team's budget)", status.budgetExceeded()));
        }
        for (Map.Entry<String, TierCounts> tier : status.tiers().entrySet()) {
            TierCounts counts = tier.getValue();
            long finished = finished(counts);
            long total = tierTotal(status, counts);
            if (total == 0) {
                continue; // every task left the tier by escalation: nothing to show progress of
            }
            line.append(" | ").append(tier.getKey()).append(' ').append(finished).append('/').append(total);
            if (finished < total && !status.isSettled()) {
                line.append(" eta ").append(eta(counts.etaSeconds()));
                long ahead = status.aheadOnTiers().getOrDefault(tier.getKey(), 0L);
                if (ahead > 0) {
                    line.append(", ").append(ahead).append(" ahead");
                }
            }
        }
        if (status.waitingAtProvider().tasks() > 0 && !status.isSettled()) {
            line.append(" | at provider ").append(waitingText(status.waitingAtProvider()));
        }
        if (status.routerQueue().notRouted() > 0 && !status.isSettled()) {
            line.append(" | router ").append(routerText(status.routerQueue()));
        }
        line.append(String.format(Locale.ROOT, " | %.1f tasks/s", status.throughputPerSecond()));
        if (status.etaSeconds() != null && !status.isSettled()) {
            line.append(", eta ").append(eta(status.etaSeconds()));
        }
        return line.toString();
    }

    /**
     * The tasks a tier has, to measure its progress against. A producer older than per-tier totals
     * sends none (its tiers' {@code total} reads as 0, below what finished there): then the batch's
     * total, as such a producer's bars always showed.
     */
    static long tierTotal(BatchStatus status, TierCounts tier) {
        return tier.total() < finished(tier) ? status.total() : tier.total();
    }

    /** Finished tasks on a tier, from the counts every producer sends. */
    static long finished(TierCounts tier) {
        return tier.succeeded() + tier.failed() + tier.cancelled();
    }

    /** {@code 840 tasks waiting in 2 provider batches, answered by 2026-11-28T18:00:33Z}: come back later. */
    static String waitingText(ProviderWait waiting) {
        return waiting.tasks() + " tasks waiting in " + waiting.providerBatches() + " provider batch"
                + (waiting.providerBatches() == 1 ? "" : "es") + (waiting.expectedBy() == null
                ? ", not yet accepted by the provider" : ", answered by " + waiting.expectedBy());
    }

    /**
     * {@code 10 tasks not routed yet, 74000 of earlier batches ahead}: why a batch has not started,
     * when the router takes other batches' tasks before its own.
     */
    static String routerText(RouterQueue queue) {
        return queue.notRouted() + " tasks not routed yet" + (queue.ahead() == 0 ? ", next in the router's queue"
                : ", " + queue.ahead() + " of earlier batches ahead");
    }

    /**
     * {@code fast 74000, quality 0 tasks of earlier batches not finished there}: why a batch's tasks on
     * a tier have not started, when earlier batches' tasks come first there; {@code null} when none
     * do, the batch has settled, or the producer sends no such counts.
     */
    static String aheadOnTiersText(BatchStatus status) {
        Map<String, Long> ahead = status.aheadOnTiers();
        if (status.isSettled() || ahead.values().stream().noneMatch(tasks -> tasks > 0)) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        ahead.forEach((tier, tasks) -> parts.add(tier + " " + tasks));
        return String.join(", ", parts) + " tasks of earlier batches not finished there";
    }

    /**
     * {@code 10 interactive, 990 bulk}: the accepted tasks per class in the producer's order (highest
     * first), also when all are standard ({@code 1000 standard}), so the class a batch runs at is
     * never a guess.
     */
    public static String prioritiesText(Map<String, Long> priorities) {
        List<String> parts = new ArrayList<>();
        priorities.forEach((name, tasks) -> parts.add(tasks + " " + name));
        return String.join(", ", parts);
    }

    private static String eta(Long seconds) {
        return seconds == null ? "?" : SummaryRenderer.duration(Duration.ofSeconds(seconds));
    }

    /**
     * The {@code status} command's answer: the batch's facts, then a table per tier. The accepted
     * tasks per priority class are a fact of their own; a producer older than those counts sends
     * none, and then the line is left out rather than guessed.
     */
    public static List<String> table(BatchStatus status) {
        List<String> lines = new ArrayList<>();
        String fact = "%-12s %s";
        lines.add(String.format(Locale.ROOT, fact, "batch", status.batchId()));
        lines.add(String.format(Locale.ROOT, fact, "team", status.team()));
        lines.add(String.format(Locale.ROOT, fact, "state", state(status)));
        lines.add(String.format(Locale.ROOT, fact, "run", status.run()));
        lines.add(String.format(Locale.ROOT, fact, "accepted at", status.acceptedAt()));
        lines.add(String.format(Locale.ROOT, fact, "progress", String.format(Locale.ROOT,
                "%d/%d finished (%d%%), %d queued", status.finished(), status.total(),
                percent(status.finished(), status.total()), status.queued())));
        if (!status.priorities().isEmpty()) {
            lines.add(String.format(Locale.ROOT, fact, "priority", prioritiesText(status.priorities())));
        }
        ProviderWait waiting = status.waitingAtProvider();
        if (waiting.tasks() > 0) {
            lines.add(String.format(Locale.ROOT, fact, "at provider", waitingText(waiting)));
        }
        if (status.routerQueue().notRouted() > 0 && !status.isSettled()) {
            lines.add(String.format(Locale.ROOT, fact, "router", routerText(status.routerQueue())));
        }
        String aheadOnTiers = aheadOnTiersText(status);
        if (aheadOnTiers != null) {
            lines.add(String.format(Locale.ROOT, fact, "ahead", aheadOnTiers));
        }
        lines.add(String.format(Locale.ROOT, fact, "tokens", String.format(Locale.ROOT, "%d in, %d out",
                status.inputTokens(), status.outputTokens())));
        lines.add(String.format(Locale.ROOT, fact, "cost", String.format(Locale.ROOT, "%.4f USD", status.costUsd())));
        lines.add(String.format(Locale.ROOT, fact, "throughput",
                String.format(Locale.ROOT, "%.1f tasks/s", status.throughputPerSecond())));
        if (status.etaSeconds() != null && !status.isSettled()) {
            lines.add(String.format(Locale.ROOT, fact, "eta", eta(status.etaSeconds())));
        }
        if (status.duplicatesDropped() > 0) {
            lines.add(String.format(Locale.ROOT, fact, "duplicates", status.duplicatesDropped() + " results dropped"));
        }
        lines.add("");
        String row = "%-10s %7s %10s %7s %10s %7s %7s %8s";
        lines.add(String.format(Locale.ROOT, row, "tier", "tasks", "succeeded", "failed", "cancelled", "esc in",
                "esc out", "eta"));
        status.tiers().forEach((tier, counts) -> lines.add(String.format(Locale.ROOT, row, tier,
                tierTotal(status, counts), counts.succeeded(), counts.failed(), counts.cancelled(), counts.escalatedIn(),
                counts.escalatedOut(), status.isSettled() ? "" : eta(counts.etaSeconds()))));
        lines.add(String.format(Locale.ROOT, row, "total", status.total(), status.succeeded(), status.failed(),
                status.cancelled(), status.tiers().values().stream().mapToLong(TierCounts::escalatedIn).sum(),
                status.tiers().values().stream().mapToLong(TierCounts::escalatedOut).sum(),
                status.isSettled() ? "" : eta(status.etaSeconds())));
        return lines;
    }

    /** The state's name; {@code UNKNOWN} for one a newer producer sent that this CLI does not know. */
    public static String state(BatchStatus status) {
        BatchState state = status.state();
        return state == null ? "UNKNOWN" : state.name();
    }

    static int percent(long done, long total) {
        return total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
    }
}
