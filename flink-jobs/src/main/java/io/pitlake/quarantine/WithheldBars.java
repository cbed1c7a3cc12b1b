package io.pitlake.quarantine;

import io.pitlake.catalog.Catalogs;
import io.pitlake.table.PitlakeTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The daily bar versions an audit's quarantine withholds from {@code silver.bars_daily}
 * (docs/operations.md, "Quarantine: withheld symbol-days"). The quarantine is insert-only, so a
 * withheld version is a row of stage {@value #STAGE} and its release a later row of stage {@value
 * #RELEASE_STAGE}; a version is withheld while its newest such row (by {@code ingested_at}, the
 * audit's instant) is a {@value #STAGE} row. A version is named by symbol, session and payload:
 * each bronze version of a bar is a payload of its own, and the quarantine keeps the payload (not
 * the version number).
 */
public final class WithheldBars {

  /** The stage of an audit's withheld bar version in {@code silver.quarantine}. */
  public static final String STAGE = "dq";

  /** The stage of the row that releases it. */
  public static final String RELEASE_STAGE = "dq-release";

  private static final List<String> COLUMNS =
      List.of("stage", "symbol", "session_date", "payload", "ingested_at");

  private static final Expression ROWS = Expressions.in("stage", STAGE, RELEASE_STAGE);

  private WithheldBars() {}

  /** The name of one bronze version of a daily bar. */
  public static String key(String symbol, LocalDate session, String payload) {
    return day(symbol, session) + "|" + payload;
  }

  /** The name of a symbol's New York day, whatever its bars: a {@link #key}'s beginning. */
  public static String day(String symbol, LocalDate session) {
    return symbol + "|" + session;
  }

  /** The {@link #day}s of {@code keys}: a day is withheld when a daily bar version of it is. */
  public static Set<String> days(Set<String> keys) {
    Set<String> days = new HashSet<>();
    for (String key : keys) {
      days.add(key.substring(0, key.indexOf('|', key.indexOf('|') + 1)));
    }
    return days;
  }

  /** The symbol of a {@link #key}. */
  public static String symbol(String key) {
    return key.substring(0, key.indexOf('|'));
  }

  /**
   * The versions a job's silver leaves out ({@code SqlRunner}'s {@code withheld}): none when the
   * job is audited and writes {@code silver.bars_daily}, so that the gates judge again every bar an
   * earlier audit's quarantine withholds (the audit's second phase then withholds what it decided);
   * null, meaning those withheld now, when the job writes {@code main} or its audit judges no daily
   * bars (an audited build of the minute bars alone withholds the days the quarantine withholds).
   *
   * @param tables the tables the job writes
   */
  @Nullable
  public static Set<String> leftOutOn(@Nullable String branch, List<String> tables) {
    String bars = PitlakeTables.SILVER_BARS_DAILY.id().toString();
    return branch != null && tables.stream().anyMatch(bars::equalsIgnoreCase) ? Set.of() : null;
  }

  /** The versions withheld now, read from {@code silver.quarantine} on {@code main}. */
  public static Set<String> load(CatalogLoader loader) {
    List<Record> rows = new ArrayList<>();
    try {
      Catalogs.scan(
          loader, PitlakeTables.SILVER_QUARANTINE.id(), ROWS, COLUMNS, row -> rows.add(row.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PitlakeTables.SILVER_QUARANTINE.id(), e);
    }
    return open(rows);
  }

  /** The versions withheld now, read from {@code quarantine} ({@code silver.quarantine}). */
  public static Set<String> load(Table quarantine) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> scan =
        IcebergGenerics.read(quarantine).where(ROWS).select(COLUMNS).build()) {
      scan.forEach(row -> rows.add(row.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + quarantine.name(), e);
    }
    return open(rows);
  }

  /**
   * The withheld versions among quarantine rows of stages {@value #STAGE} and {@value
   * #RELEASE_STAGE}: those whose newest row is a {@value #STAGE} one.
   */
  static Set<String> open(List<Record> rows) {
    Map<String, Record> newest = new HashMap<>();
    for (Record row : rows) {
      String key =
          key(
              (String) row.getField("symbol"),
              (LocalDate) row.getField("session_date"),
              (String) row.getField("payload"));
      newest.merge(key, row, (a, b) -> instant(b).isAfter(instant(a)) ? b : a);
    }
    Set<String> open = new HashSet<>();
    newest.forEach(
        (key, row) -> {
          if (STAGE.equals(row.getField("stage"))) {
            open.add(key);
          }
        });
    return open;
  }

  private static OffsetDateTime instant(Record row) {
    return (OffsetDateTime) row.getField("ingested_at");
  }
}
