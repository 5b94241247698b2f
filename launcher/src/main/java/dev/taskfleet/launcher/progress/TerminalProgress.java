package dev.taskfleet.launcher.progress;

import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.TierCounts;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Live bars on a terminal (me.tongfei:progressbar): the whole batch first, then one bar per tier
 * measured against the tasks that tier has ({@link StatusText#tierTotal}), so each bar reaches
 * 100% when its tier is done. Each shows its ok/failed/cancelled counts and the producer's ETA
 * for it (the bar library's own guess from its rate would keep counting on a finished tier).
 */
final class TerminalProgress implements ProgressView {

    private static final int NAME_WIDTH = 10;
    private static final int REFRESH_MILLIS = 200;

    private final PrintStream out;
    private ProgressBar total;
    private final Map<String, ProgressBar> tiers = new LinkedHashMap<>();
    /** The newest ETAs, the batch's and each tier's; read by the bars' refresh thread. */
    private volatile Optional<Duration> batchEta = Optional.empty();
    private final Map<String, Optional<Duration>> tierEtas = new ConcurrentHashMap<>();

    TerminalProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void update(BatchStatus status) {
        if (total == null) {
            total = bar("total", status.total(), () -> batchEta);
        }
        batchEta = eta(status.etaSeconds());
        show(total, status.total(), status.finished(), status.succeeded(), status.failed(), status.cancelled());
        for (Map.Entry<String, TierCounts> entry : status.tiers().entrySet()) {
            TierCounts counts = entry.getValue();
            long max = StatusText.tierTotal(status, counts);
            if (max == 0 && !tiers.containsKey(entry.getKey())) {
                // Nothing on this tier (every task left it by escalation): no bar to fill.
                continue;
            }
            tierEtas.put(entry.getKey(), eta(counts.etaSeconds()));
            ProgressBar bar = tiers.computeIfAbsent(entry.getKey(),
                    tier -> bar(tier, max, () -> tierEtas.getOrDefault(tier, Optional.empty())));
            show(bar, max, StatusText.finished(counts), counts.succeeded(), counts.failed(), counts.cancelled());
        }
    }

    private static Optional<Duration> eta(Long seconds) {
        return seconds == null ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    }

    private static void show(ProgressBar bar, long max, long done, long ok, long failed, long cancelled) {
        bar.maxHint(max);
        bar.stepTo(done);
        bar.setExtraMessage(String.format(Locale.ROOT, "%d ok %d failed %d cancelled", ok, failed, cancelled));
    }

    private ProgressBar bar(String name, long max, Supplier<Optional<Duration>> eta) {
        return new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s", name))
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(REFRESH_MILLIS)
                .setUnit(" tasks", 1)
                .setEtaFunction(state -> eta.get())
                .setConsumer(new InteractiveConsoleProgressBarConsumer(out))
                .build();
    }

    @Override
    public void close() {
        List<ProgressBar> bars = new ArrayList<>();
        if (total != null) {
            bars.add(total);
        }
        bars.addAll(tiers.values());
        bars.forEach(ProgressBar::close);
        out.flush();
    }
}
