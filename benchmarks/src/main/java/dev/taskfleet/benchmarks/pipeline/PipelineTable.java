package dev.taskfleet.benchmarks.pipeline;

import dev.taskfleet.benchmarks.Spread;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result tables (Markdown, pasted into {@code docs/BENCHMARKS.md} as printed): the rates and
 * their ratio per round, then CPU per task per process, and with several rounds a summary line of
 * {@code median (min–max)}.
 */
public final class PipelineTable {

    private PipelineTable() {
    }

    public static String render(List<PipelineRound> rounds) {
        StringBuilder out = new StringBuilder();
        out.append("| run | tasks | pipeline s (upload to COMPLETED) | pipeline tasks/s | upload to last result s "
                + "| bare 3-hop s (first to last output) | bare records/s | pipeline ÷ bare | bare whole s |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PipelineRound round : rounds) {
            out.append(format("| %d | %d | %.2f | %.0f | %.2f | %.2f | %.0f | %.1f%% | %.2f |%n", round.run(),
                    round.tasks(), round.pipelineMs() / 1000.0, round.pipelineRate(), round.toLastResultMs() / 1000.0,
                    round.bareMs() / 1000.0, round.bareRate(), 100 * round.ratio(), round.bareWholeMs() / 1000.0));
        }
        out.append('\n');
        PipelineRound first = rounds.get(0);
        out.append("CPU ms per 1,000 tasks (pipeline: over upload to COMPLETED; bare: over the whole copy)\n\n| run |");
        first.pipelineCpuTicks().keySet().forEach(name -> out.append(" pipeline: ").append(name).append(" |"));
        out.append(" pipeline: all |");
        first.bareCpuTicks().keySet().forEach(name -> out.append(" bare: ").append(name).append(" |"));
        out.append(" bare: all |\n|---:|");
        out.append("---:|".repeat(first.pipelineCpuTicks().size() + first.bareCpuTicks().size() + 2)).append('\n');
        for (PipelineRound round : rounds) {
            out.append("| ").append(round.run()).append(" |");
            cells(out, round.pipelineCpuTicks(), round.tasks());
            cells(out, round.bareCpuTicks(), round.tasks());
            out.append('\n');
        }
        if (rounds.size() > 1) {
            out.append(format("%nmedian (min–max) of %d runs: pipeline %s tasks/s, bare %s records/s, "
                            + "pipeline ÷ bare %s%n", rounds.size(),
                    Spread.of(rounds, PipelineRound::pipelineRate, "%.0f"), Spread.of(rounds, PipelineRound::bareRate, "%.0f"),
                    Spread.of(rounds, round -> 100 * round.ratio(), "%.1f%%")));
        }
        return out.toString();
    }

    private static void cells(StringBuilder out, Map<String, Long> ticks, int tasks) {
        ticks.values().forEach(t -> out.append(' ').append(cpu(PipelineRound.cpuMsPerThousand(t, tasks))).append(" |"));
        out.append(' ').append(cpu(PipelineRound.cpuMsPerThousand(PipelineRound.total(ticks), tasks))).append(" |");
    }

    private static String cpu(double value) {
        return Double.isNaN(value) ? "n/a" : format("%.0f", value);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
