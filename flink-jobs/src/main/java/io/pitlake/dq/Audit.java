package io.pitlake.dq;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.progress.Figures;
import io.pitlake.quarantine.WithheldBars;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
  private final Instant started;
  private final AuditResults results;

  private Audit(
      CatalogConfig config, Configuration options, List<TableSpec> tables, Instant started) {
    this.config = config;
    this.options = options;
    this.tables = tables;
    this.id = ID.format(started);
    this.started = started;
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
    for (Gate gate : Gate.values()) {
      checkArgument(
          gate.noQuarantine() == null || options.get(gate.severity()) != Severity.QUARANTINE,
          "%s=quarantine: gate %s cannot quarantine (%s); set it to block or warn",
          gate.severity().key(),
          gate.id(),
          gate.noQuarantine());
    }
    String branch = options.get(DqOptions.BRANCH);
    List<TableSpec> specs = tables.stream().distinct().map(PitlakeTables::byName).toList();
    try (var lake = Backfill.closeable(Catalogs.create(config))) {
      Catalog catalog = lake.get();
      Publisher.complete(catalog, options.get(DqOptions.PUBLISH_TAGS_RETAIN), events);
      branchFromMain(catalog, specs, branch);
    }
    Audit audit = new Audit(config, options, specs, Instant.now());
    events.accept(
        String.format(
            "[audit] %s: %s write branch '%s'; main moves once the gates pass",
            audit.id, specs.stream().map(t -> t.id().toString()).toList(), branch));
    return audit;
  }

  /** Points the branch of each table at its {@code main}. */
  private static void branchFromMain(Catalog catalog, List<TableSpec> specs, String branch) {
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

  /**
   * An audit's second phase ({@link Severity#QUARANTINE}): runs the audited job's SQL again, in
   * batch, on the branch (which the audit has pointed at {@code main} again), leaving out of silver
   * the given daily bar versions ({@code io.pitlake.quarantine.WithheldBarFunction}).
   */
  @FunctionalInterface
  public interface Rebuild {
    void without(Set<String> withheld);
  }

  /** The branch the job must write. */
  public String branch() {
    return options.get(DqOptions.BRANCH);
  }

  /**
   * Runs every gate on the branch, records the results, and publishes unless a blocking gate found
   * something. When a gate of severity quarantine found something, or the job judged bars withheld
   * before, the audit first decides what silver withholds ({@link Quarantine}) and, if the branch
   * holds any of it, has {@code rebuild} build the branch again without it: withheld bars never
   * reach the branch that is published, and gold is computed without them.
   *
   * @throws AuditFailedException naming the blocking gates; {@code main} is then unchanged
   */
  public void finish(Configuration flinkConf, Consumer<String> events, Rebuild rebuild) {
    long start = System.nanoTime();
    try (var lake = Backfill.closeable(Catalogs.create(config))) {
      Catalog catalog = lake.get();
      List<Finding> findings =
          new ArrayList<>(
              new SqlGates(config, options, tables, branch()).findings(flinkConf, catalog));
      Heads heads = heads(catalog);
      if (blocking(findings).isEmpty()
          && tables.contains(PitlakeTables.SILVER_BARS_DAILY)
          && tables.contains(PitlakeTables.SILVER_QUARANTINE)) {
        Quarantine quarantine = new Quarantine(catalog, branch(), id, started);
        Quarantine.Decision decision =
            quarantine.decide(
                Quarantine.from(findings, options), WithheldBars.load(Catalogs.loader(config)));
        if (!decision.judgedWithheld().isEmpty()) {
          events.accept(
              String.format(
                  "[audit] quarantine: %d bar version(s) of %s withheld; the job's silver and gold"
                      + " are built again on branch '%s' without them",
                  decision.judgedWithheld().size(),
                  decision.judgedWithheld().stream()
                      .map(WithheldBars::symbol)
                      .collect(Collectors.toCollection(TreeSet::new)),
                  branch()));
          branchFromMain(catalog, tables, branch());
          rebuild.without(decision.withheld());
        }
        quarantine.write(decision);
        heads = heads(catalog);
      }
      findings.addAll(RowCounts.findings(heads.published(), heads.audited()));
      long gated = System.nanoTime();
      results.record(catalog, findings, heads.ids());
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
      List<Gate> blocking = blocking(findings);
      if (!blocking.isEmpty()) {
        throw new AuditFailedException(failure(blocking, findings));
      }
      Publisher.prepare(catalog, "publish-" + id, heads.ids());
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

  /** The gates of severity block that found something. */
  private List<Gate> blocking(List<Finding> findings) {
    return Arrays.stream(Gate.values())
        .filter(g -> results.outcome(g, findings).equals("blocked"))
        .toList();
  }

  /**
   * The branch head of every audited table, and each table's rows on {@code main} and on the
   * branch.
   */
  private record Heads(
      Map<TableIdentifier, Long> ids, Map<String, Long> published, Map<String, Long> audited) {}

  private Heads heads(Catalog catalog) {
    Map<TableIdentifier, Long> ids = new LinkedHashMap<>();
    Map<String, Long> published = new LinkedHashMap<>();
    Map<String, Long> audited = new LinkedHashMap<>();
    for (TableSpec spec : tables) {
      Table table = catalog.loadTable(spec.id());
      Snapshot head = table.snapshot(branch());
      ids.put(spec.id(), head.snapshotId());
      audited.put(spec.id().toString(), rows(head));
      published.put(spec.id().toString(), rows(table.currentSnapshot()));
    }
    return new Heads(ids, published, audited);
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
