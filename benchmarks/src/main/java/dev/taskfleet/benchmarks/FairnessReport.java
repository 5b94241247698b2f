package dev.taskfleet.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link FairnessBenchmark} run measured: a row per mode (lanes off, on) of each scenario
 * it ran; the lists of scenarios not run are empty.
 */
public record FairnessReport(List<FairnessRow> smallBehindLarge, List<SharesRow> twoLarge, List<LateTeamRow> lateTeam) {

    public FairnessReport() {
        this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    /** The run's tables, one per scenario run, in Markdown. */
    public String tables(String runId) {
        StringBuilder out = new StringBuilder();
        if (!smallBehindLarge.isEmpty()) {
            out.append("small-behind-large, run ").append(runId).append("\n\n").append(FairnessRow.table(smallBehindLarge));
        }
        if (!twoLarge.isEmpty()) {
            out.append("\ntwo-large, run ").append(runId).append("\n\n").append(SharesRow.table(twoLarge));
        }
        if (!lateTeam.isEmpty()) {
            out.append("\nlate-team, run ").append(runId).append("\n\n").append(LateTeamRow.table(lateTeam));
        }
        return out.toString();
    }
}
