package io.pitlake.job.sql;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.job.RunMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Puts {@link SqlScript}s into one Flink job, so Java stays out of the business logic: it loads
 * files and adds them to a statement set, nothing more.
 *
 * <p>Scripts run in dependency order (silver before gold). A later script must read what the job is
 * about to write, not what the table held when the job started, or a backfill would need one job
 * per layer, each waiting for the previous one's commit. So once a script's inserts are in the set,
 * the table the script is named for ({@link SqlScript#table()}) is shadowed by a temporary view of
 * the query that fills it. Every pitlake layer recomputes its table from all of its inputs (an
 * upsert of the whole table), so that view holds exactly the rows the table will hold after the
 * commit. The planner sees one graph and computes the shared query once.
 *
 * <p>Because the query is the whole table, a batch run writes the script's table with {@code INSERT
 * OVERWRITE} and without upsert: an upsert writes an equality delete next to every row, which costs
 * the writer and every later reader. Streaming upserts (a stream cannot overwrite). Other tables a
 * script writes (quarantine, which ingest writes too) are always upserted.
 */
public final class SqlRunner {

  private final TableEnvironment tableEnv;
  private final RunMode mode;

  public SqlRunner(TableEnvironment tableEnv, RunMode mode) {
    this.tableEnv = tableEnv;
    this.mode = mode;
  }

  /**
   * Creates the script's functions and views, adds its inserts to {@code set}, then shadows the
   * script's table by its query for the scripts added after it.
   *
   * @throws IllegalArgumentException when no insert of the script writes the table it is named for
   */
  public void addTo(StatementSet set, SqlScript script) {
    String product = script.table();
    List<SqlScript.Insert> inserts = new ArrayList<>();
    for (SqlScript.Unit unit : script.units()) {
      for (String statement : unit.statements()) {
        if (unit.statementSet() || SqlScript.isInsert(statement)) {
          SqlScript.Insert insert = SqlScript.Insert.parse(script.name(), statement);
          inserts.add(insert);
          boolean rebuild = mode == RunMode.BATCH && insert.target().equalsIgnoreCase(product);
          set.addInsertSql(rebuild ? insert.overwriteWithoutUpsert() : statement);
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
}
