package dev.taskfleet.producer.progress;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each team's model calls cost, per UTC day and per UTC month, from the costs its final
 * results report (a result's cost covers every attempt on every tier). Fed by the ledger with the
 * results it counts, so a replica that rebuilds from Kafka rebuilds the spend too, and every replica
 * that has read the same results holds the same figures.
 *
 * <p>Memory: a few entries per team; days older than {@value #DAYS_KEPT} and months older than
 * {@value #MONTHS_KEPT} before the newest charge of the team are dropped. Not thread-safe: the
 * ledger guards it.
 */
public final class TeamSpend {

    static final int DAYS_KEPT = 40;
    static final int MONTHS_KEPT = 13;

    /** What a team spent in the UTC day and month of the moment asked about, in US dollars. */
    public record Spent(double dayUsd, double monthUsd) {
    }

    private final Map<String, TreeMap<LocalDate, Long>> byDay = new HashMap<>();
    private final Map<String, TreeMap<YearMonth, Long>> byMonth = new HashMap<>();

    /** Charges {@code usd} to {@code team} at {@code at}. */
    void charge(String team, Instant at, double usd) {
        long nanoUsd = Math.round(usd * 1e9);
        if (nanoUsd <= 0) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        TreeMap<LocalDate, Long> days = byDay.computeIfAbsent(team, t -> new TreeMap<>());
        days.merge(day, nanoUsd, Long::sum);
        days.headMap(days.lastKey().minusDays(DAYS_KEPT)).clear();
        TreeMap<YearMonth, Long> months = byMonth.computeIfAbsent(team, t -> new TreeMap<>());
        months.merge(YearMonth.from(day), nanoUsd, Long::sum);
        months.headMap(months.lastKey().minusMonths(MONTHS_KEPT)).clear();
    }

    /** What {@code team} spent in the UTC day and the UTC month of {@code now}. */
    Spent spent(String team, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long dayNano = byDay.getOrDefault(team, new TreeMap<>()).getOrDefault(day, 0L);
        long monthNano = byMonth.getOrDefault(team, new TreeMap<>()).getOrDefault(YearMonth.from(day), 0L);
        return new Spent(dayNano / 1e9, monthNano / 1e9);
    }

    /** For a {@linkplain LedgerSnapshot snapshot}: per team, its days and months as epoch days and proleptic months. */
    void writeTo(DataOutput out) throws IOException {
        out.writeInt(byDay.size());
        for (Map.Entry<String, TreeMap<LocalDate, Long>> team : byDay.entrySet()) {
            out.writeUTF(team.getKey());
            out.writeInt(team.getValue().size());
            for (Map.Entry<LocalDate, Long> day : team.getValue().entrySet()) {
                out.writeLong(day.getKey().toEpochDay());
                out.writeLong(day.getValue());
            }
            TreeMap<YearMonth, Long> months = byMonth.getOrDefault(team.getKey(), new TreeMap<>());
            out.writeInt(months.size());
            for (Map.Entry<YearMonth, Long> month : months.entrySet()) {
                out.writeInt(month.getKey().getYear());
                out.writeByte(month.getKey().getMonthValue());
                out.writeLong(month.getValue());
            }
        }
    }

    /** Fills an empty spend with what {@link #writeTo} wrote. */
    void readFrom(DataInput in) throws IOException {
        int teams = LedgerSnapshot.readCount(in);
        for (int t = 0; t < teams; t++) {
            String team = in.readUTF();
            TreeMap<LocalDate, Long> days = new TreeMap<>();
            int dayCount = LedgerSnapshot.readCount(in);
            for (int i = 0; i < dayCount; i++) {
                days.put(LocalDate.ofEpochDay(in.readLong()), in.readLong());
            }
            TreeMap<YearMonth, Long> months = new TreeMap<>();
            int monthCount = LedgerSnapshot.readCount(in);
            for (int i = 0; i < monthCount; i++) {
                months.put(YearMonth.of(in.readInt(), in.readByte()), in.readLong());
            }
            byDay.put(team, days);
            byMonth.put(team, months);
        }
    }

    /** Replaces what this holds with what {@code other} holds. */
    void takeOver(TeamSpend other) {
        byDay.clear();
        byDay.putAll(other.byDay);
        byMonth.clear();
        byMonth.putAll(other.byMonth);
    }
}
