package io.pitlake.dq;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.RunMode;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.job.sql.SqlRunner;
import io.pitlake.report.ReportQueries;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.OptimizerConfigOptions;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.catalog.Catalog;

/**
 * The gates that are queries ({@code sql/dq/<gate>.sql}), run as one batch job over the lake as the
 * audit branch holds it: each audited table's name is a view of its branch, {@code main} is
 * readable under the catalog name {@value #PUBLISHED}.
 *
 * <p>Each gate judges the audited symbol-days by those days and a few sessions before them, so the
 * tables the gates read are views of the sessions from {@link #lookback} sessions before the
 * earliest audited day on ({@link GateWindow}): an audit costs what the build added, not what the
 * lake holds. The one gate that looks further back, {@code session_coverage} (a run of missing
 * sessions can start at any distance before the audited day that ends it), reads each symbol's
 * newest bar before the window besides the window itself, so the coverage report's gaps query finds
 * the same runs.
 */
final class SqlGates {

  /** Far enough ahead that the report's gaps query reads every row. */
  private static final Instant EVERYTHING = Instant.parse("9999-12-31T00:00:00Z");

  /** The catalog name under which the gates read {@code main} beside the branch. */
  private static final String PUBLISHED = "published";

  /** The table the coverage report's gaps query reads. */
  private static final String GAPS_INPUT = "silver.bars_daily";

  /**
   * The tables the gates read that grow with the lake, each with the expression of its New York
   * day: views of the window stand for them. The others (corporate actions and adjustment factors,
   * which {@code gold.price_dq} reads whole: an action's later version replaces it whatever its ex
   * date) are read whole.
   */
  private static final Map<TableSpec, String> WINDOWED =
      Map.of(
          PitlakeTables.SILVER_BARS_DAILY,
          "session_date",
          PitlakeTables.SILVER_MINUTE_BARS,
          "session_date",
          PitlakeTables.GOLD_PRICE_DQ,
          "session_date",
          VendorDataset.POLYGON_AGGS_DAY_ADJUSTED.table(),
          "new_york_date(event_time)");

  /**
   * The windowed tables whose day is the New York date of {@code event_time}, so the window bounds
   * {@code event_time} as well ({@link GateWindow#startOf}): their day is no partition source (the
   * minutes' {@code session_date}) or is computed in SQL (the vendors' closes), while {@code
   * event_time} partitions the minutes by month and has file statistics in both: Iceberg skips the
   * minutes' earlier months without reading their manifests, and the closes' earlier files.
   */
  private static final Set<TableSpec> DAY_OF_EVENT_TIME =
      Set.of(PitlakeTables.SILVER_MINUTE_BARS, VendorDataset.POLYGON_AGGS_DAY_ADJUSTED.table());

  private final CatalogConfig config;
  private final Configuration options;
  private final List<TableSpec> tables;
  private final String branch;

  SqlGates(CatalogConfig config, Configuration options, List<TableSpec> tables, String branch) {
    this.config = config;
    this.options = options;
    this.tables = tables;
    this.branch = branch;
  }

  /**
   * How many sessions before an audited day a gate reads: {@code stale_close} the sessions of its
   * run, {@code unexplained_jump} the session before.
   */
  int lookback() {
    return Math.max(1, options.get(DqOptions.STALE_SESSIONS) - 1);
  }

  /**
   * The condition that keeps the rows of windowed table {@code spec} from New York day {@code from}
   * on.
   */
  static String window(TableSpec spec, LocalDate from) {
    String day = WINDOWED.get(spec);
    checkArgument(
        day != null, "%s is read whole: only %s are windowed", spec.id(), WINDOWED.keySet());
    String condition = day + " >= DATE '" + from + "'";
    return DAY_OF_EVENT_TIME.contains(spec)
        ? condition
            + " AND event_time >= TO_TIMESTAMP_LTZ("
            + GateWindow.startOf(from).toEpochMilli()
            + ", 3)"
        : condition;
  }

  /** The findings of every SQL gate, by gate, symbol and session. */
  List<Finding> findings(Configuration flinkConf, Catalog catalog) {
    Optional<LocalDate> added =
        tables.contains(PitlakeTables.SILVER_BARS_DAILY)
            ? GateWindow.earliestAdded(
                catalog.loadTable(PitlakeTables.SILVER_BARS_DAILY.id()), branch)
            : Optional.empty();
    if (added.isEmpty()) {
      // No daily bar version main does not hold: every gate judges only such days.
      return List.of();
    }
    LocalDate first = GateWindow.sessionsBefore(added.get(), lookback());
    String from = "DATE '" + first + "'";
    StreamTableEnvironment tableEnv =
        SqlEnvironments.create(config, RunMode.BATCH, flinkConf, options);
    // The planner's reuse of duplicate scans looks each scanned table up again by its name, which
    // now names the branch's view: it would fail on it (a view is no table).
    tableEnv.getConfig().set(OptimizerConfigOptions.TABLE_OPTIMIZER_REUSE_SOURCE_ENABLED, false);
    String bars = PitlakeTables.SILVER_BARS_DAILY.id().toString();
    // main, under a catalog name of its own: the current catalog's names are the branch's below.
    SqlEnvironments.addCatalog(tableEnv, PUBLISHED, config, options);
    // Each symbol's newest bar before the window, for the gaps that begin before it.
    tableEnv.createTemporaryView(
        "gate_gap_anchors",
        tableEnv.sqlQuery(
            String.format(
                "SELECT symbol, MAX(session_date) AS session_date, MAX(available_at) AS"
                    + " available_at FROM %s /*+ OPTIONS('branch'='%s') */ WHERE session_date <"
                    + " %s GROUP BY symbol",
                bars, branch, from)));
    for (TableSpec spec :
        Stream.concat(tables.stream(), WINDOWED.keySet().stream()).distinct().toList()) {
      String name = spec.id().toString();
      boolean audited = tables.contains(spec);
      String day = WINDOWED.get(spec);
      if (!audited && (day == null || spec.equals(PitlakeTables.GOLD_PRICE_DQ))) {
        // Read whole from main; gold.price_dq, unless audited, is computed below from the window.
        continue;
      }
      tableEnv.createTemporaryView(
          name,
          tableEnv.sqlQuery(
              String.format(
                  "SELECT * FROM %s%s%s",
                  name,
                  audited ? String.format(" /*+ OPTIONS('branch'='%s') */", branch) : "",
                  day == null ? "" : " WHERE " + window(spec, first))));
    }
    // The symbol-days with a daily bar version main does not hold: what the gates judge.
    tableEnv.createTemporaryView(
        "audited_days",
        tableEnv.sqlQuery(
            "SELECT DISTINCT b.symbol, b.session_date FROM "
                + bars
                + " AS b LEFT JOIN (SELECT symbol, session_date, version FROM "
                + PUBLISHED
                + "."
                + bars
                + " WHERE session_date >= "
                + from
                + ") AS p ON p.symbol = b.symbol"
                + " AND p.session_date = b.session_date AND p.version = b.version"
                + " WHERE p.symbol IS NULL"));
    tableEnv.createTemporaryView(
        "gate_gap_bars",
        tableEnv.sqlQuery(
            "SELECT symbol, session_date, available_at FROM "
                + bars
                + " UNION ALL SELECT symbol, session_date, available_at FROM gate_gap_anchors"));
    tableEnv.createTemporaryView(
        "report_gaps",
        tableEnv.sqlQuery(ReportQueries.gaps(EVERYTHING).replace(GAPS_INPUT, "gate_gap_bars")));
    if (tables.stream().noneMatch(t -> t.equals(PitlakeTables.GOLD_PRICE_DQ))) {
      // gold.price_dq as its own SQL computes it from the audited bars and actions.
      new SqlRunner(tableEnv, RunMode.BATCH, false, options, null, Catalogs.loader(config))
          .addAll(tableEnv.createStatementSet(), List.of("gold/price_dq.sql"));
    }
    String union =
        Arrays.stream(Gate.values())
            .filter(g -> g.file() != null)
            .map(
                g ->
                    String.format(
                        "SELECT '%s' AS gate, symbol, session_date, detail FROM (%n%s%n)",
                        g.name(), query(g)))
            .collect(Collectors.joining("\nUNION ALL\n"));
    List<Finding> findings = new ArrayList<>();
    try (CloseableIterator<Row> rows = tableEnv.sqlQuery(union).execute().collect()) {
      while (rows.hasNext()) {
        Row row = rows.next();
        findings.add(
            new Finding(
                Gate.valueOf((String) row.getField(0)),
                (String) row.getField(1),
                (LocalDate) row.getField(2),
                (String) row.getField(3)));
      }
    } catch (Exception e) {
      throw new IllegalStateException("the gates' query failed: " + e.getMessage(), e);
    }
    findings.sort(
        Comparator.comparing(Finding::gate)
            .thenComparing(Finding::symbol)
            .thenComparing(f -> f.sessionDate() == null ? LocalDate.MIN : f.sessionDate()));
    return findings;
  }

  /** The gate's SQL with its placeholders filled. */
  private String query(Gate gate) {
    String resource = "sql/" + gate.file();
    try (InputStream in = SqlGates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path: is sql/dq missing?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${stale.sessions}", Integer.toString(options.get(DqOptions.STALE_SESSIONS)))
          .replace("${minute.tolerance}", Double.toString(options.get(DqOptions.MINUTE_TOLERANCE)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
