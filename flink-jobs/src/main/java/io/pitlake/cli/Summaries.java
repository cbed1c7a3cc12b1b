package io.pitlake.cli;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.TableStats;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.job.progress.Figures;
import io.pitlake.job.progress.ProgressPrinter;
import io.pitlake.table.PitlakeTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * What the fetching and building commands print besides their progress: the stages and tables of a
 * run in one number format, the rows a run quarantined and why, and the keys a dataset returned
 * nothing for.
 */
final class Summaries {

  /** In a pipe or a log, one progress line per interval. */
  static final Duration LOG_EVERY = Duration.ofSeconds(5);

  /** The most reasons named in the quarantine line. */
  private static final int REASONS_SHOWN = 3;

  private Summaries() {}

  static ProgressPrinter progress(PrintWriter err) {
    return new ProgressPrinter(err, ProgressPrinter.stderrIsTerminal(), LOG_EVERY);
  }

  static void stages(PrintWriter out, Backfill.Result result) {
    out.printf(
        "%-34s %12s %12s%n",
        "stage (one job, " + Figures.seconds(result.job().toNanos()) + ")", "rows added", "rows");
    for (Backfill.Stage stage : result.stages()) {
      out.printf(
          "%-34s %12s %12s%n",
          stage.name(), Figures.count(stage.added()), Figures.count(stage.rows()));
    }
  }

  static void tables(PrintWriter out, List<TableStats> tables) {
    out.printf("%-34s %12s %22s %10s%n", "table", "rows", "snapshot", "snapshots");
    for (TableStats table : tables) {
      out.printf(
          "%-34s %12s %22s %10s%n",
          table.table(),
          Figures.count(table.rows()),
          table.snapshotId() == null ? "-" : table.snapshotId().toString(),
          Figures.count(table.snapshots()));
    }
  }

  /**
   * One line for the rows {@code silver.quarantine} gained from what was fetched since {@code
   * since}, with their most frequent reasons, or nothing when there are none.
   */
  static Optional<String> quarantined(CatalogConfig config, Instant since) {
    Map<String, Long> reasons = new TreeMap<>();
    try (var catalog = Backfill.closeable(Catalogs.create(config))) {
      if (!catalog.get().tableExists(PitlakeTables.SILVER_QUARANTINE.id())) {
        return Optional.empty();
      }
      Table table = catalog.get().loadTable(PitlakeTables.SILVER_QUARANTINE.id());
      long micros = ChronoUnit.MICROS.between(Instant.EPOCH, since);
      try (CloseableIterable<Record> rows =
          IcebergGenerics.read(table)
              .select("source", "reason", "ingested_at")
              .where(Expressions.greaterThanOrEqual("ingested_at", micros))
              .build()) {
        for (Record row : rows) {
          if (!((OffsetDateTime) row.getField("ingested_at")).toInstant().isBefore(since)) {
            reasons.merge(row.getField("source") + ": " + reason(row), 1L, Long::sum);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read silver.quarantine", e);
      }
    }
    return quarantineLine(reasons);
  }

  /** The line for quarantined rows counted by {@code source: reason}. */
  static Optional<String> quarantineLine(Map<String, Long> reasons) {
    long total = reasons.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return Optional.empty();
    }
    String named =
        reasons.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(REASONS_SHOWN)
            .map(e -> Figures.count(e.getValue()) + " " + e.getKey())
            .collect(Collectors.joining("; "));
    return Optional.of(
        String.format(
            "%s row%s quarantined (%s%s): see silver.quarantine",
            Figures.count(total),
            total == 1 ? "" : "s",
            named,
            reasons.size() > REASONS_SHOWN ? "; ..." : ""));
  }

  /** A reason's kind: its text up to the first colon or parenthesis ({@code HTTP 404}). */
  private static String reason(Record row) {
    String reason = String.valueOf(row.getField("reason"));
    int end = reason.length();
    for (char stop : new char[] {':', '(', '\n'}) {
      int at = reason.indexOf(stop);
      if (at > 0) {
        end = Math.min(end, at);
      }
    }
    return reason.substring(0, end).strip();
  }

  /**
   * One line per dataset that fetched nothing for some of the keys it was asked for: a symbol the
   * vendor does not cover, or a ticker asked about before it was listed.
   *
   * @param fetched the elements fetched by {@code dataset|key} ({@link Backfill.Result#fetched})
   */
  static List<String> nothingFor(
      List<VendorDataset> datasets,
      List<String> symbols,
      List<String> ciks,
      Map<String, Long> fetched) {
    List<String> lines = new ArrayList<>();
    for (VendorDataset dataset : datasets) {
      List<String> keys =
          switch (dataset.keyKind()) {
            case CIK -> ciks;
            case TICKER -> symbols;
            case NONE -> List.of();
          };
      List<String> empty =
          keys.stream().filter(key -> !fetched.containsKey(dataset.id() + "|" + key)).toList();
      if (!empty.isEmpty()) {
        lines.add(
            String.format("%s returned nothing for %s", dataset.id(), String.join(", ", empty)));
      }
    }
    return lines;
  }
}
