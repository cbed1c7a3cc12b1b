package io.pitlake.job.sql;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkState;

import io.pitlake.features.BarFeatureRows;
import io.pitlake.features.SilverBarsHistory;
import io.pitlake.features.minute.MinuteFeatureRows;
import io.pitlake.job.RunMode;
import io.pitlake.job.keyed.KeyedView;
import io.pitlake.job.keyed.KeyedViews;
import io.pitlake.quarantine.UnrecordedRejectFunction;
import io.pitlake.quarantine.WithheldBarFunction;
import io.pitlake.table.PitlakeTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * Puts {@link SqlScript}s into one Flink job, so Java stays out of the business logic: it loads
 * files and adds them to a statement set, nothing more.
 *
 * <p>Scripts run in dependency order (silver before gold). A later script must read what the job is
 * about to write, not what the table held when the job started, or a backfill would need one job
 * per layer, each waiting for the previous one's commit. So once a script's inserts are in the set,
 * the table the script is named for ({@link SqlScript#table()}) is shadowed by a temporary view of
 * the query that fills it. Every pitlake layer recomputes its table from all of its inputs, so that
 * view holds exactly the rows the table will hold after the commit. The planner sees one graph and
 * computes the shared query once.
 *
 * <p>Because the query is the whole table, a batch run writes the script's table with {@code INSERT
 * OVERWRITE}. Every table is insert-only: streaming appends (a stream cannot overwrite; a streaming
 * build first empties the tables it replays into, and {@code live} adds only new rows). The
 * quarantine, which every script and the ingest write, is an append-only log of distinct rejects:
 * each script's quarantine insert keeps only the rejects the table does not hold yet ({@link
 * UnrecordedRejectFunction}), so a rebuild logs nothing twice.
 *
 * <p>Silver's daily bars leave out the bar versions an audit's quarantine withholds ({@link
 * WithheldBarFunction}, registered here with the job's catalog): an audited job's first phase
 * passes none, so the gates judge them again, and its second phase the ones the audit decided.
 *
 * <p>The per-symbol feature engine's views {@code bar_feature_rows} and {@code bar_feature_rejects}
 * ({@link BarFeatureRows}) are shared by every script: they are created the first time a script of
 * the job names them, so they read silver as the scripts before it left it. A file's per-key
 * computations ({@link KeyedView}) are created the first time one of its statements names them, and
 * so are its views the planner computes as written ({@link FencedView}) and the minute feature
 * engine's views ({@link MinuteFeatureRows}), which run in a live job too.
 */
public final class SqlRunner {

  private static final String QUARANTINE = PitlakeTables.SILVER_QUARANTINE.id().toString();

  private final StreamTableEnvironment tableEnv;
  private final RunMode mode;
  private final boolean live;
  private final Configuration options;
  private final @Nullable SilverBarsHistory history;
  private final Set<String> created = new HashSet<>();

  /** The views of the rejects of the job's one quarantine insert ({@link #addAll}). */
  private final List<String> rejects = new ArrayList<>();

  private int rejectViews;

  /** Whether {@link #addAll} added the quarantine insert: later rejects would be left out. */
  private boolean quarantineAdded;

  private final @Nullable String branch;
  private final @Nullable Duration barsArrivalLateness;

  /**
   * @param live an unbounded run ({@code pitlake live})
   * @param options the run's options (the feature engine's settings)
   * @param history committed silver bars a streaming run adds to; null when the job builds its
   *     tables from nothing
   * @param catalogLoader the lake's catalog, where the quarantine's recorded rejects are read
   */
  public SqlRunner(
      StreamTableEnvironment tableEnv,
      RunMode mode,
      boolean live,
      Configuration options,
      @Nullable SilverBarsHistory history,
      CatalogLoader catalogLoader) {
    this(tableEnv, mode, live, options, history, catalogLoader, null, null, null);
  }

  /**
   * @param branch the Iceberg branch every insert writes (write-audit-publish, {@code
   *     io.pitlake.dq.Audit}); null: {@code main}
   * @param withheld the daily bar versions silver leaves out ({@link WithheldBarFunction}); null:
   *     those an audit's quarantine withholds now
   * @param barsArrivalLateness non-null when this bounded streaming job's silver bar versions reach
   *     the feature engine in each symbol's availability order, up to this lateness (a backfill's
   *     own fetch: {@link BarFeatureRows#register}), so the engine's state holds recent versions,
   *     not the run's history; null: the engine holds them until the input ends
   */
  public SqlRunner(
      StreamTableEnvironment tableEnv,
      RunMode mode,
      boolean live,
      Configuration options,
      @Nullable SilverBarsHistory history,
      CatalogLoader catalogLoader,
      @Nullable String branch,
      @Nullable Set<String> withheld,
      @Nullable Duration barsArrivalLateness) {
    this.branch = branch;
    this.barsArrivalLateness = barsArrivalLateness;
    this.tableEnv = tableEnv;
    this.mode = mode;
    this.live = live;
    this.options = options;
    this.history = history;
    tableEnv.createTemporarySystemFunction(
        UnrecordedRejectFunction.NAME, new UnrecordedRejectFunction(catalogLoader));
    tableEnv.createTemporarySystemFunction(
        WithheldBarFunction.NAME, new WithheldBarFunction(catalogLoader, withheld));
  }

  /**
   * {@link #addTo} of each of {@code files} under {@code sql/}, in order, then the job's one
   * quarantine insert: the union of every script's rejects and those {@link #addQuarantineRows}
   * gave.
   *
   * <p>One insert, not one per script: each insert is a sink with an Iceberg committer of its own,
   * and a committer commits at every checkpoint that gave it rows and, with none, at every tenth
   * (the empty snapshot records the checkpoint it committed, which a restore looks for). Five
   * committers of one table in a live job committed at the same instant every tenth checkpoint;
   * Iceberg's optimistic commits then failed and retried (docs/live.md, "One committer per table").
   * The planner's sink reuse ({@code table.optimizer.reuse-sink-enabled}) merges only inserts of
   * identical row types and traits: three sinks of six remained.
   */
  public void addAll(StatementSet set, List<String> files) {
    for (String file : files) {
      addTo(set, SqlScript.load(file));
    }
    if (!rejects.isEmpty()) {
      set.addInsertSql(
          new SqlScript.Insert(
                  QUARANTINE,
                  rejects.stream()
                      .map(view -> "SELECT * FROM " + view)
                      .collect(Collectors.joining("\nUNION ALL\n")))
              .append(branch));
      rejects.clear();
    }
    quarantineAdded = true;
  }

  /**
   * Adds {@code rows}, rejects in {@code silver.quarantine}'s schema that a DataStream part of the
   * same job made (and filtered by {@code UnrecordedRejects}), to the job's quarantine insert
   * ({@link #addAll}, which must follow). When the scripts write a branch the rows go to {@code
   * main} by an insert of their own, like the bronze rows of the same ingest, which no audit holds
   * back.
   */
  public void addQuarantineRows(StatementSet set, Table rows) {
    checkState(
        !quarantineAdded,
        "addQuarantineRows comes before addAll, which adds the job's one quarantine insert");
    String view = rejectsView(rows);
    if (branch == null) {
      rejects.add(view);
    } else {
      set.addInsertSql(new SqlScript.Insert(QUARANTINE, "SELECT * FROM " + view).append(null));
    }
  }

  /** Registers {@code rows} as a view of its own; returns its name. */
  private String rejectsView(Table rows) {
    String view = "quarantine_rejects_" + rejectViews++;
    tableEnv.createTemporaryView(view, rows);
    return view;
  }

  /**
   * Creates the script's functions and views, adds its inserts to {@code set}, then shadows the
   * script's table by its query for the scripts added after it.
   *
   * @throws IllegalArgumentException when no insert of the script writes the table it is named for
   */
  private void addTo(StatementSet set, SqlScript script) {
    createSharedViews(script);
    String product = script.table();
    List<SqlScript.Insert> inserts = new ArrayList<>();
    for (SqlScript.Unit unit : script.units()) {
      for (String statement : unit.statements()) {
        createKeyedViews(statement);
        if (unit.statementSet() || SqlScript.isInsert(statement)) {
          SqlScript.Insert insert = SqlScript.Insert.parse(script.name(), statement);
          inserts.add(insert);
          boolean rebuild = mode == RunMode.BATCH && insert.target().equalsIgnoreCase(product);
          if (rebuild) {
            set.addInsertSql(insert.overwrite(branch));
          } else if (insert.target().equalsIgnoreCase(QUARANTINE)) {
            rejects.add(rejectsView(tableEnv.sqlQuery(unrecorded(insert))));
          } else {
            set.addInsertSql(insert.append(branch));
          }
        } else {
          tableEnv.executeSql(statement);
        }
      }
    }
    SqlScript.Insert builder =
        inserts.stream()
            .filter(insert -> insert.target().equalsIgnoreCase(product))
            .findFirst()
            .orElse(null);
    checkArgument(
        builder != null,
        "%s writes no INSERT INTO %s: a file must build the table it is named for",
        script.name(),
        product);
    Table rows = tableEnv.sqlQuery(builder.query());
    tableEnv.createTemporaryView(product, rows);
  }

  /** A quarantine insert's query, keeping only the rejects the table does not hold yet. */
  private static String unrecorded(SqlScript.Insert insert) {
    return String.format(
        "SELECT * FROM (%n%s%n) WHERE %s(quarantine_id)",
        insert.query(), UnrecordedRejectFunction.NAME);
  }

  /**
   * Creates the keyed views and the minute feature views {@code statement} names that this job has
   * not created yet; their input views come earlier in the same file.
   */
  private void createKeyedViews(String statement) {
    String text = statement.toLowerCase(Locale.ROOT);
    for (KeyedView view : KeyedViews.all()) {
      if (ScriptReads.names(text, view.name()) && created.add(view.name())) {
        view.register(tableEnv);
      }
    }
    for (FencedView view : FencedView.all()) {
      if (ScriptReads.names(text, view.name()) && created.add(view.name())) {
        view.register(tableEnv);
      }
    }
    if ((ScriptReads.names(text, MinuteFeatureRows.ROWS)
            || ScriptReads.names(text, MinuteFeatureRows.REJECTS))
        && created.add(MinuteFeatureRows.ROWS)) {
      MinuteFeatureRows.register(tableEnv, live, options);
    }
  }

  /** Creates the feature engine's views if {@code script} names them and the job has not yet. */
  private void createSharedViews(SqlScript script) {
    String text = ScriptReads.text(script);
    if ((ScriptReads.names(text, BarFeatureRows.ROWS)
            || ScriptReads.names(text, BarFeatureRows.REJECTS))
        && created.add(BarFeatureRows.ROWS)) {
      BarFeatureRows.register(
          tableEnv, mode == RunMode.BATCH, live, options, history, barsArrivalLateness);
    }
  }
}
