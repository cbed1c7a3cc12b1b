package io.pitlake.dq;

import io.pitlake.quarantine.WithheldBars;
import io.pitlake.table.IcebergAppends;
import io.pitlake.table.PitlakeTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Severity {@link Severity#QUARANTINE}: which daily bar versions an audit withholds from silver and
 * which earlier withheld ones it releases.
 *
 * <p>A finding withholds its symbol from the finding's day on: a later day of that symbol is judged
 * against the withheld one (its gap, its overnight move) and its gold windows would span it, so
 * publishing the later days alone would publish what the gate could not judge. Only the versions
 * the audit judged are withheld (those on the branch and not on {@code main}, the gates' {@code
 * audited_days}): what {@code main} holds was published before and stays, every table being
 * insert-only.
 *
 * <p>A version withheld earlier is on the branch again (the audit's first phase withholds nothing),
 * so the gates judge it again: when no quarantining finding of its symbol is on or before its day
 * any more (a vendor's corrected bar, a split now known) it is released, a second row. A withheld
 * version the audit did not judge (a streaming run that read only new bronze rows) stays withheld.
 */
final class Quarantine {

  /**
   * What an audit decided.
   *
   * @param withheld every version silver must leave out: those withheld before and not released,
   *     and those withheld now
   * @param judgedWithheld the versions of this audit's branch that it withholds: when there are
   *     any, the job's SQL runs again without them
   * @param rows the new {@code silver.quarantine} rows: each newly withheld version and each
   *     release
   */
  record Decision(Set<String> withheld, Set<String> judgedWithheld, List<Record> rows) {}

  /** A quarantining finding of a symbol: the earliest, from whose day on the symbol is withheld. */
  record From(LocalDate day, Finding finding) {}

  private final Catalog catalog;
  private final String branch;
  private final String auditId;
  private final OffsetDateTime started;

  Quarantine(Catalog catalog, String branch, String auditId, Instant started) {
    this.catalog = catalog;
    this.branch = branch;
    this.auditId = auditId;
    this.started = started.atOffset(ZoneOffset.UTC);
  }

  /** Each symbol's earliest finding of a gate whose severity is quarantine. */
  static Map<String, From> from(List<Finding> findings, Configuration options) {
    Map<String, From> from = new TreeMap<>();
    for (Finding f : findings) {
      if (f.sessionDate() != null && options.get(f.gate().severity()) == Severity.QUARANTINE) {
        from.merge(
            f.symbol(), new From(f.sessionDate(), f), (a, b) -> b.day().isBefore(a.day()) ? b : a);
      }
    }
    return from;
  }

  /**
   * Decides on the audit's findings and the versions withheld so far ({@code open}).
   *
   * @throws UncheckedIOException when the tables cannot be read
   */
  Decision decide(Map<String, From> from, Set<String> open) {
    Set<String> symbols = new HashSet<>(from.keySet());
    open.forEach(key -> symbols.add(WithheldBars.symbol(key)));
    if (symbols.isEmpty()) {
      return new Decision(Set.of(), Set.of(), List.of());
    }
    Set<String> withheld = new HashSet<>(open);
    Set<String> judgedWithheld = new HashSet<>();
    List<Record> rows = new ArrayList<>();
    Table quarantine = catalog.loadTable(PitlakeTables.SILVER_QUARANTINE.id());
    for (Record bar : judged(symbols)) {
      String symbol = (String) bar.getField("symbol");
      LocalDate day = (LocalDate) bar.getField("session_date");
      String key = WithheldBars.key(symbol, day, (String) bar.getField("payload"));
      From f = from.get(symbol);
      if (f != null && !day.isBefore(f.day())) {
        judgedWithheld.add(key);
        if (withheld.add(key)) {
          rows.add(row(quarantine, bar, WithheldBars.STAGE, withholding(f, day)));
        }
      } else if (withheld.remove(key)) {
        rows.add(
            row(
                quarantine,
                bar,
                WithheldBars.RELEASE_STAGE,
                String.format(
                    "released by audit %s: no quarantining gate finds %s on or before %s any more",
                    auditId, symbol, day)));
      }
    }
    return new Decision(withheld, judgedWithheld, rows);
  }

  /** Appends the decision's rows to the quarantine's branch: they publish with the build. */
  void write(Decision decision) {
    IcebergAppends.append(
        catalog.loadTable(PitlakeTables.SILVER_QUARANTINE.id()), decision.rows(), branch);
  }

  private String withholding(From f, LocalDate day) {
    return String.format(
        "gate %s (dq.%s.severity=quarantine) on %s %s: %s; %s withheld by audit %s until an"
            + " audit's gates pass it",
        f.finding().gate().id(),
        f.finding().gate().id(),
        f.finding().symbol(),
        f.day(),
        f.finding().detail(),
        day.equals(f.day()) ? "the day is" : "a later day of the symbol is",
        auditId);
  }

  /**
   * The bronze versions of {@code symbols}' daily bars that the audit judged: in silver on the
   * branch, not on {@code main} (silver names its bronze row by symbol, bar start and version).
   */
  private List<Record> judged(Set<String> symbols) {
    Table silver = catalog.loadTable(PitlakeTables.SILVER_BARS_DAILY.id());
    Set<String> onBranch = versions(silver, silver.snapshot(branch), symbols);
    onBranch.removeAll(versions(silver, silver.currentSnapshot(), symbols));
    List<Record> judged = new ArrayList<>();
    Table bronze = catalog.loadTable(PitlakeTables.BRONZE_POLYGON_AGGS.id());
    Set<String> seen = new HashSet<>();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(bronze).where(Expressions.in("symbol", symbols.toArray())).build()) {
      for (Record row : rows) {
        String version = version(row);
        if (onBranch.contains(version) && seen.add(version)) {
          judged.add(row.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PitlakeTables.BRONZE_POLYGON_AGGS.id(), e);
    }
    return judged;
  }

  private static Set<String> versions(
      Table silver, @Nullable Snapshot snapshot, Set<String> symbols) {
    Set<String> versions = new HashSet<>();
    if (snapshot == null) {
      return versions;
    }
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(silver)
            .useSnapshot(snapshot.snapshotId())
            .where(Expressions.in("symbol", symbols.toArray()))
            .select("symbol", "event_time", "version")
            .build()) {
      rows.forEach(row -> versions.add(version(row)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PitlakeTables.SILVER_BARS_DAILY.id(), e);
    }
    return versions;
  }

  private static String version(Record row) {
    return row.getField("symbol")
        + "|"
        + row.getField("event_time")
        + "|"
        + row.getField("version");
  }

  /** A quarantine row of the bronze {@code bar}, dated by the bar, written at the audit. */
  private Record row(Table quarantine, Record bar, String stage, String reason) {
    GenericRecord r = GenericRecord.create(quarantine.schema());
    r.setField("quarantine_id", id(stage, bar));
    r.setField("source", "polygon.aggs_day");
    r.setField("stage", stage);
    r.setField("reason", reason);
    r.setField("symbol", bar.getField("symbol"));
    r.setField("session_date", bar.getField("session_date"));
    r.setField("event_time", bar.getField("event_time"));
    Object available = bar.getField("available_at");
    r.setField("available_at", available != null ? available : bar.getField("ingested_at"));
    // The audit's instant, so the newest row of a version says whether it is withheld.
    r.setField("ingested_at", started);
    r.setField("request_url", bar.getField("request_url"));
    r.setField("payload", bar.getField("payload"));
    return r;
  }

  /** Distinct per audit: a version released and withheld again gets a row of its own. */
  private String id(String stage, Record bar) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  String.join(
                          "|",
                          stage,
                          auditId,
                          String.valueOf(bar.getField("symbol")),
                          String.valueOf(bar.getField("version")),
                          String.valueOf(bar.getField("payload_hash")))
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
