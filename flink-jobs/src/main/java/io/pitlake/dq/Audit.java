package io.pitlake.dq;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.progress.Figures;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Write-audit-publish for one job's silver and gold tables: the job writes them to the branch
 * {@link DqOptions#BRANCH} ({@link #begin}); {@link #finish} runs the gates on it ({@link
 * SqlGates}, {@link RowCounts}), records every result ({@link AuditResults}) and, only when no
 * blocking gate found anything, publishes ({@link Publisher}): {@code main} of each table moves to
 * the branch's head and every table of the lake gets the tag {@code publish-<audit id>}.
 */
public final class Audit {

  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  private final CatalogConfig config;
  private final Configuration options;
  private final List<TableSpec> tables;
  private final String id;
  private final AuditResults results;

  private Audit(
      CatalogConfig config, Configuration options, List<TableSpec> tables, Instant started) {
    this.config = config;
    this.options = options;
    this.tables = tables;
    this.id = ID.format(started);
    this.results = new AuditResults(id, started, options);
  }

  /**
   * Starts the audit of a job that writes {@code tables}, or returns null when {@link
   * DqOptions#AUDIT} is off: completes a publish a crash left half done, then points the branch of
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
      Publisher.complete(catalog, options.get(DqOptions.PUBLISH_TAGS_RETAIN), events);
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
    long start = System.nanoTime();
    try (var lake = Backfill.closeable(Catalogs.create(config))) {
      Catalog catalog = lake.get();
      Map<TableIdentifier, Long> heads = new LinkedHashMap<>();
      Map<String, Long> published = new LinkedHashMap<>();
      Map<String, Long> audited = new LinkedHashMap<>();
      for (TableSpec spec : tables) {
        Table table = catalog.loadTable(spec.id());
        Snapshot head = table.snapshot(branch());
        heads.put(spec.id(), head.snapshotId());
        audited.put(spec.id().toString(), rows(head));
        published.put(spec.id().toString(), rows(table.currentSnapshot()));
      }
      List<Finding> findings =
          new ArrayList<>(new SqlGates(config, options, tables, branch()).findings(flinkConf));
      findings.addAll(RowCounts.findings(published, audited));
      long gated = System.nanoTime();
      results.record(catalog, findings, heads);
      List<Gate> blocking = new ArrayList<>();
      for (Gate gate : Gate.values()) {
        long n = findings.stream().filter(f -> f.gate() == gate).count();
        String outcome = results.outcome(gate, findings);
        if (outcome.equals("blocked")) {
          blocking.add(gate);
        }
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
      Publisher.prepare(catalog, "publish-" + id, heads);
      Publisher.complete(catalog, options.get(DqOptions.PUBLISH_TAGS_RETAIN), events);
      long end = System.nanoTime();
      events.accept(
          String.format(
              "[audit] %s in %s: gates %s, results and publish %s",
              id,
              Figures.seconds(end - start),
              Figures.seconds(gated - start),
              Figures.seconds(end - gated)));
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

  private static long rows(@Nullable Snapshot snapshot) {
    return snapshot == null
        ? 0
        : Long.parseLong(snapshot.summary().getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP, "0"));
  }
}
