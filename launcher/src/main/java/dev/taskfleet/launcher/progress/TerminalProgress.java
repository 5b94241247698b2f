package dev.taskfleet.launcher.progress;

import dev.taskfleet.api.BatchStatus;
import dev.taskfleet.api.TierCounts;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Live bars on a terminal (me.tongfei:progressbar): the whole batch first, then one bar per tier
 * showing the tier's share of the batch, each with its ok/failed/cancelled counts.
 */
final class TerminalProgress implements ProgressView {

    private static final int NAME_WIDTH = 10;
    private static final int REFRESH_MILLIS = 200;

    private final PrintStream out;
    private ProgressBar total;
    private final Map<String, ProgressBar> tiers = new LinkedHashMap<>();

    TerminalProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void update(BatchStatus status) {
        if (total == null) {
            total = bar("total", status.total());
        }
        show(total, status.total(), status.finished(), status.succeeded(), status.failed(), status.cancelled());
        for (Map.Entry<String, TierCounts> entry : status.tiers().entrySet()) {
            TierCounts counts = entry.getValue();
            ProgressBar bar = tiers.computeIfAbsent(entry.getKey(), tier -> bar(tier, status.total()));
            show(bar, status.total(), counts.finished(), counts.succeeded(), counts.failed(), counts.cancelled());
        }
    }

    private static void show(ProgressBar bar, long max, long done, long ok, long failed, long cancelled) {
        bar.maxHint(max);
        bar.stepTo(done);
        bar.setExtraMessage(String.format(Locale.ROOT, "%d ok %d failed %d cancelled", ok, failed, cancelled));
    }

    private ProgressBar bar(String name, long max) {
        return new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s", name))
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(REFRESH_MILLIS)
                .setUnit(" tasks", 1)
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
