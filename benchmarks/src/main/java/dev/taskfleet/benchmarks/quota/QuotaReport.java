package dev.taskfleet.benchmarks.quota;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a run, from the provider's per-second ledger: per phase the window measured, the
 * requests and tokens per minute achieved as a share of the quotas, and the calls refused; per scale
 * event its transient, from the event to the next window: the most requests and tokens the provider
 * admitted in any 60 s window that overlaps it, and its 429s. Markdown, pasted into
 * {@code docs/BENCHMARKS.md} as printed.
 */
final class QuotaReport {

    /** The targets for every phase once the split has settled. */
    static final double USE_TARGET = 0.90;
    static final double REFUSED_TARGET = 0.01;
    private static final int MINUTE = 60;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** One phase's window. {@code binding} is the larger of the two shares: the quota that limits. */
    record PhaseRow(QuotaPhase phase, long calls, long refused, double requestsPerMinute, double tokensPerMinute,
            double requestShare, double tokenShare) {

        double binding() {
            return Math.max(requestShare, tokenShare);
        }

        double refusedShare() {
            return calls + refused == 0 ? 0 : (double) refused / (calls + refused);
        }

        boolean meetsTargets() {
            return binding() >= USE_TARGET && refusedShare() <= REFUSED_TARGET;
        }
    }

    /** One scale event's transient. */
    record TransientRow(QuotaPhase phase, long seconds, long refused, long maxRequestsPerMinute,
            long maxTokensPerMinute) {
    }

    private QuotaReport() {
    }

    static PhaseRow phase(ProviderLedger ledger, QuotaPhase phase, long requestsPerMinute, long tokensPerMinute) {
        ProviderLedger.Second sum = ledger.between(phase.windowFrom(), phase.windowTo());
        double perMinute = (double) MINUTE / phase.windowSeconds();
        return new PhaseRow(phase, sum.admitted(), sum.refused(), sum.admitted() * perMinute, sum.tokens() * perMinute,
                sum.admitted() * perMinute / requestsPerMinute, sum.tokens() * perMinute / tokensPerMinute);
    }

    /**
     * The transient of {@code phase}'s scale event: every 60 s window that shares a second with
     * [event, window start), the seconds after the run counting as nothing.
     */
    static TransientRow transientOf(ProviderLedger ledger, QuotaPhase phase) {
        long from = phase.eventSecond();
        long to = phase.windowFrom();
        long maxRequests = 0;
        long maxTokens = 0;
        for (long start = from - MINUTE + 1; start < to; start++) {
            ProviderLedger.Second minute = ledger.between(start, start + MINUTE);
            maxRequests = Math.max(maxRequests, minute.admitted());
            maxTokens = Math.max(maxTokens, minute.tokens());
        }
        return new TransientRow(phase, to - from, ledger.between(from, to).refused(), maxRequests, maxTokens);
    }

    static String render(List<PhaseRow> phases, List<TransientRow> transients, long requestsPerMinute,
            long tokensPerMinute) {
        StringBuilder out = new StringBuilder();
        out.append(format("Quota: %,d requests and %,d tokens per minute.%n%n", requestsPerMinute, tokensPerMinute));
        out.append("| phase | pods | window (UTC) | s | split seen (s after step) | requests/min | % of RPM | tokens/min "
                + "| % of TPM | calls | 429s | % 429 | targets |\n");
        out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (PhaseRow row : phases) {
            QuotaPhase phase = row.phase();
            out.append(format("| %s | %d | %s–%s | %d | %.1f | %.0f | %.1f%% | %.0f | %.1f%% | %d | %d | %.2f%% | %s |%n",
                    phase.name(), phase.pods(), clock(phase.windowFrom()), clock(phase.windowTo()),
                    phase.windowSeconds(), (phase.splitMs() - phase.eventMs()) / 1000.0, row.requestsPerMinute(),
                    100 * row.requestShare(), row.tokensPerMinute(), 100 * row.tokenShare(), row.calls(), row.refused(),
                    100 * row.refusedShare(), row.meetsTargets() ? "met" : "**missed**"));
        }
        out.append('\n');
        out.append("| transient | s (step to window) | most requests in a 60 s window | % of RPM "
                + "| most tokens in a 60 s window | % of TPM | 429s |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (TransientRow row : transients) {
            out.append(format("| %s | %d | %d | %.1f%% | %d | %.1f%% | %d |%n", row.phase().name(), row.seconds(),
                    row.maxRequestsPerMinute(), 100.0 * row.maxRequestsPerMinute() / requestsPerMinute,
                    row.maxTokensPerMinute(), 100.0 * row.maxTokensPerMinute() / tokensPerMinute, row.refused()));
        }
        out.append(format("%nTargets per phase: the binding quota (the larger share) at least %.0f%% used, at most "
                + "%.0f%% of calls answered 429.%n", 100 * USE_TARGET, 100 * REFUSED_TARGET));
        return out.toString();
    }

    private static String clock(long epochSecond) {
        return CLOCK.format(Instant.ofEpochSecond(epochSecond));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
