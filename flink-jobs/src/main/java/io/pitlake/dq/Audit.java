package io.pitlake.dq;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.LakeTables;
import io.pitlake.job.RunMode;
import io.pitlake.job.sql.SqlEnvironments;
import io.pitlake.job.sql.SqlRunner;
import io.pitlake.job.sql.SqlScript;
import io.pitlake.report.ReportQueries;
import io.pitlake.table.IcebergAppends;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.tag.ConsistentPoint;
import io.pitlake.tag.LakeTags;
import io.pitlake.tag.TagPoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.OptimizerConfigOptions;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Write-audit-publish for one job's silver and gold tables: the job writes them to the branch
 * {@link DqOptions#BRANCH} ({@link #begin}), the gates read the lake as that branch holds it, every
 * result is appended to {@code gold.dq_results} on {@code main}, and only when no blocking gate
 * found anything does {@code main} of each table move to the branch's head, then every table of the
 * lake gets the tag {@code publish-<audit id>} ({@link #finish}).
 *
 * <p>The JDBC catalog commits one table at a time, so a publish is two steps that can each be
 * repeated: first every audited table records the snapshot it will publish (table property {@value
 * #PUBLISHING}); then each, in the order bronze, silver, gold, moves {@code main} there, is tagged,
 * and drops the record. A run that dies in between leaves the records, and the next audit's {@link
 * #begin} finishes that publish before anything else; moving {@code main} to where it already is
 * and tagging a table that has the tag are skipped, so a re-publish is idempotent. Readers who must
 * never see half a publish read at the newest {@code publish-} tag, which every table gets only
 * after every {@code main} moved.
 */
public final class Audit {

  /** The table property of a publish in progress: {@code <tag> <snapshot id>}. */
  static final String PUBLISHING = "pitlake.publishing";

  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  /** Far enough ahead that the report's gaps query reads every row. */
  private static final Instant EVERYTHING = Instant.parse("9999-12-31T00:00:00Z");

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** The catalog name under which the gates read {@code main} beside the branch. */
  private static final String PUBLISHED = "published";

  private final CatalogConfig config;
  private final Configuration options;
  private final List<TableSpec> tables;
  private final String id;
  private final Instant started;

  private Audit(
      CatalogConfig config, Configuration options, List<TableSpec> tables, Instant started) {
    this.config = config;
    this.options = options;
    this.tables = tables;
    this.started = started;
    this.id = ID.format(started);
  }

  /**
   * Starts the audit of a job that writes {@code tables}, or returns null when {@link
   * DqOptions#AUDIT} is off: finishes a publish a crash left half done, then points the branch of
   * each table at its {@code main}.
   */
  @Nullable
  public static Audit begin(
      CatalogConfig config, Configuration options, List<String> tables, Consumer<String> events) {
    if (!options.get(DqOptions.AUDIT)) {
      return null;
    }
    String branch = options.get(DqOptions.BRANCH);
    List<TableSpec> specs = tables.stream().distinct().map(PitlakeTables::byName).toList();
    try (var lake = Backfill.closeable(Catalogs.create(config))) {
      Catalog catalog = lake.get();
      finishPublish(catalog, events);
      for (TableSpec spec : specs) {
        Table table = catalog.loadTable(spec.id());
        if (table.currentSnapshot() == null) {
          // A branch needs a snapshot to start from: the table's first, empty.
          table.newFastAppend().commit();
          table.refresh();
        }
        long head = table.currentSnapshot().snapshotId();
        if (table.refs().containsKey(branch)) {
          table.manageSnapshots().replaceBranch(branch, head).commit();
        } else {
          table.manageSnapshots().createBranch(branch, head).commit();
        }
      }
    }
    Audit audit = new Audit(config, options, specs, Instant.now());
    events.accept(
        String.format(
            "[audit] %s: %s write branch '%s'; main moves once the gates pass",
            audit.id, specs.stream().map(t -> t.id().toString()).toList(), branch));
    return audit;
  }

  /** The branch the job must write. */
  public String branch() {
    return options.get(DqOptions.BRANCH);
  }

  /**
   * Runs every gate on the branch, records the results, and publishes unless a blocking gate found
   * something.
   *
   * @throws AuditFailedException naming the blocking gates; {@code main} is then unchanged
   */
  public void finish(Configuration flinkConf, Consumer<String> events) {
    try (var lake = Backfill.closeable(Catalogs.create(config))) {
      Catalog catalog = lake.get();
      Map<String, Long> heads = new LinkedHashMap<>();
      Map<String, Long> published = new LinkedHashMap<>();
      Map<String, Long> audited = new LinkedHashMap<>();
      for (TableSpec spec : tables) {
        Table table = catalog.loadTable(spec.id());
        Snapshot head = table.snapshot(branch());
        heads.put(spec.id().toString(), head.snapshotId());
        audited.put(spec.id().toString(), rows(head));
        published.put(spec.id().toString(), rows(table.currentSnapshot()));
      }
      List<Finding> findings = new ArrayList<>(sqlFindings(flinkConf));
      findings.addAll(RowCounts.findings(published, audited));
      record(catalog, findings, heads);
      List<Gate> blocking =
          findings.stream()
              .map(Finding::gate)
              .distinct()
              .filter(g -> options.get(g.severity()) == Severity.BLOCK)
              .sorted()
              .toList();
      for (Gate gate : Gate.values()) {
        long n = findings.stream().filter(f -> f.gate() == gate).count();
        events.accept(
            String.format(
                "[audit] gate %s: %s",
                gate.id(),
                n == 0
                    ? "pass"
                    : n + " finding(s), " + options.get(gate.severity()).name().toLowerCase()));
      }
      if (!blocking.isEmpty()) {
        throw new AuditFailedException(failure(blocking, findings));
      }
      String tag = "publish-" + id;
      for (TableSpec spec : tables) {
        catalog
            .loadTable(spec.id())
            .updateProperties()
            .set(PUBLISHING, tag + " " + heads.get(spec.id().toString()))
            .commit();
      }
      finishPublish(catalog, events);
    }
  }

  /** One line: each blocking gate, its count and first rows, where the rest are, the fix. */
  private String failure(List<Gate> blocking, List<Finding> findings) {
    List<String> parts = new ArrayList<>();
    for (Gate gate : blocking) {
      List<Finding> of = findings.stream().filter(f -> f.gate() == gate).toList();
      parts.add(
          String.format(
              "gate %s found %d (%s%s; to publish anyway: %s=warn in --config)",
              gate.id(),
              of.size(),
              of.stream().limit(3).map(Finding::brief).collect(Collectors.joining("; ")),
              of.size() > 3 ? "; ..." : "",
              gate.severity().key()));
    }
    return String.format(
        "audit %s blocked the publish: %s. main is unchanged; the build is on branch '%s' and"
            + " every finding in gold.dq_results WHERE audit_id = '%s'",
        id, String.join("; ", parts), branch(), id);
  }

  /** The findings of every SQL gate, from one batch job over the lake as the branch holds it. */
  private List<Finding> sqlFindings(Configuration flinkConf) {
    StreamTableEnvironment tableEnv =
        SqlEnvironments.create(
            SqlEnvironments.environment(RunMode.BATCH, flinkConf, options),
            config,
            RunMode.BATCH,
            options);
    // The planner's reuse of duplicate scans looks each scanned table up again by its name, which
    // now names the branch's view: it would fail on it (a view is no table).
    tableEnv.getConfig().set(OptimizerConfigOptions.TABLE_OPTIMIZER_REUSE_SOURCE_ENABLED, false);
    String bars = PitlakeTables.SILVER_BARS_DAILY.id().toString();
    // main, under a catalog name of its own: the current catalog's names are the branch's below.
    SqlEnvironments.addCatalog(tableEnv, PUBLISHED, config, options);
    for (TableSpec spec : tables) {
      String name = spec.id().toString();
      tableEnv.createTemporaryView(
          name,
          tableEnv.sqlQuery(
              String.format("SELECT * FROM %s /*+ OPTIONS('branch'='%s') */", name, branch())));
    }
    // The symbol-days with a daily bar version main does not hold: what the gates judge.
    tableEnv.createTemporaryView(
        "audited_days",
        tableEnv.sqlQuery(
            tables.contains(PitlakeTables.SILVER_BARS_DAILY)
                ? "SELECT DISTINCT b.symbol, b.session_date FROM "
                    + bars
                    + " AS b LEFT JOIN "
                    + PUBLISHED
                    + "."
                    + bars
                    + " AS p ON p.symbol = b.symbol"
                    + " AND p.session_date = b.session_date AND p.version = b.version"
                    + " WHERE p.symbol IS NULL"
                : "SELECT symbol, session_date FROM " + bars + " WHERE FALSE"));
    tableEnv.createTemporaryView("report_gaps", tableEnv.sqlQuery(ReportQueries.gaps(EVERYTHING)));
    if (tables.stream().noneMatch(t -> t.equals(PitlakeTables.GOLD_PRICE_DQ))) {
      // gold.price_dq as its own SQL computes it from the audited bars and actions.
      new SqlRunner(tableEnv, RunMode.BATCH, false, options, null, Catalogs.loader(config))
          .addTo(tableEnv.createStatementSet(), SqlScript.load("gold/price_dq.sql"));
    }
    String union =
        java.util.Arrays.stream(Gate.values())
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
    try (InputStream in = Audit.class.getClassLoader().getResourceAsStream(resource)) {
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

  /** Appends every result to {@code gold.dq_results} on main: a summary per gate, then findings. */
  private void record(Catalog catalog, List<Finding> findings, Map<String, Long> heads) {
    Table results = catalog.loadTable(PitlakeTables.GOLD_DQ_RESULTS.id());
    String snapshots =
        heads.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
    OffsetDateTime now = started.atOffset(ZoneOffset.UTC);
    List<Record> rows = new ArrayList<>();
    for (Gate gate : Gate.values()) {
      Severity severity = options.get(gate.severity());
      List<Finding> of = findings.stream().filter(f -> f.gate() == gate).toList();
      String outcome = of.isEmpty() ? "pass" : severity == Severity.BLOCK ? "blocked" : "warned";
      rows.add(row(results, gate, severity, outcome, null, null, null, of.size(), snapshots, now));
      for (Finding f : of) {
        OffsetDateTime event =
            f.sessionDate() == null
                ? now
                : f.sessionDate().atTime(LocalTime.MIDNIGHT).atZone(NEW_YORK).toOffsetDateTime();
        rows.add(
            row(
                results,
                gate,
                severity,
                outcome,
                f.symbol(),
                f.sessionDate(),
                f.detail(),
                1,
                snapshots,
                event));
      }
    }
    IcebergAppends.append(results, rows);
  }

  private Record row(
      Table results,
      Gate gate,
      Severity severity,
      String outcome,
      @Nullable String symbol,
      @Nullable LocalDate session,
      @Nullable String detail,
      long findings,
      String snapshots,
      OffsetDateTime eventTime) {
    OffsetDateTime now = started.atOffset(ZoneOffset.UTC);
    GenericRecord r = GenericRecord.create(results.schema());
    r.setField("audit_id", id);
    r.setField("gate", gate.id());
    r.setField("severity", severity.name().toLowerCase());
    r.setField("outcome", outcome);
    r.setField("symbol", symbol);
    r.setField("session_date", session);
    r.setField("detail", detail);
    r.setField("findings", findings);
    r.setField("snapshot_ids", snapshots);
    r.setField("event_time", eventTime);
    r.setField("available_at", now);
    r.setField("ingested_at", now);
    return r;
  }

  /**
   * Publishes what the tables' {@value #PUBLISHING} records say, bronze before silver before gold:
   * {@code main} moves to the recorded snapshot (a fast-forward: {@code main} must be its
   * ancestor), then every table of the lake gets the publish's tag at its {@code main}.
   */
  private static void finishPublish(Catalog catalog, Consumer<String> events) {
    Map<String, List<TableIdentifier>> byTag = new LinkedHashMap<>();
    List<TableIdentifier> ordered =
        LakeTables.existingIds(catalog).stream()
            .sorted(Comparator.comparingInt(Audit::layerOrder))
            .toList();
    for (TableIdentifier id : ordered) {
      Table table = catalog.loadTable(id);
      String publishing = table.properties().get(PUBLISHING);
      if (publishing == null) {
        continue;
      }
      String[] parts = publishing.split(" ");
      long target = Long.parseLong(parts[1]);
      Snapshot main = table.currentSnapshot();
      if (main == null || main.snapshotId() != target) {
        if (main != null && !SnapshotUtil.isAncestorOf(table, target, main.snapshotId())) {
          throw new IllegalStateException(
              String.format(
                  "cannot publish %s: main (snapshot %d) moved since the audit began (another"
                      + " writer, e.g. pitlake live, committed), so snapshot %d does not extend it;"
                      + " run the build again",
                  id, main.snapshotId(), target));
        }
        table.manageSnapshots().setCurrentSnapshot(target).commit();
      }
      byTag.computeIfAbsent(parts[0], t -> new ArrayList<>()).add(id);
    }
    for (String tag : byTag.keySet()) {
      TagPoint point = ConsistentPoint.of(catalog, ordered);
      List<TagPoint.Choice> missing =
          point.tables().stream()
              .filter(c -> !catalog.loadTable(c.table()).refs().containsKey(tag))
              .toList();
      LakeTags.create(catalog, tag, new TagPoint(missing));
      for (TableIdentifier id : byTag.get(tag)) {
        catalog.loadTable(id).updateProperties().remove(PUBLISHING).commit();
      }
      events.accept(
          String.format(
              "[audit] published: main of %s moved; every table tagged '%s'",
              byTag.get(tag).stream().map(TableIdentifier::toString).toList(), tag));
    }
  }

  /** bronze, silver, gold: the order a publish moves the tables' main. */
  private static int layerOrder(TableIdentifier id) {
    return switch (id.namespace().toString()) {
      case "bronze" -> 0;
      case "silver" -> 1;
      default -> 2;
    };
  }

  private static long rows(@Nullable Snapshot snapshot) {
    return snapshot == null
        ? 0
        : Long.parseLong(snapshot.summary().getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP, "0"));
  }
}
