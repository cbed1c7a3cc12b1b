package io.pitlake.job.sql;

import io.pitlake.job.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SqlScript}s against a table environment, waiting for each insert job, so Java stays
 * out of the business logic: it loads files and executes them, nothing more.
 */
public final class SqlRunner {

  private static final Logger LOG = LoggerFactory.getLogger(SqlRunner.class);

  private final TableEnvironment tableEnv;

  public SqlRunner(TableEnvironment tableEnv) {
    this.tableEnv = tableEnv;
  }

  /** Runs every unit of the script in order; returns the results of its insert jobs. */
  public List<TableResult> run(SqlScript script) {
    List<TableResult> jobs = new ArrayList<>();
    for (SqlScript.Unit unit : script.units()) {
      TableResult result;
      if (unit.statementSet()) {
        StatementSet set = tableEnv.createStatementSet();
        unit.statements().forEach(set::addInsertSql);
        result = set.execute();
      } else {
        result = tableEnv.executeSql(unit.statements().get(0));
      }
      if (unit.statementSet()
          || unit.statements().get(0).toUpperCase(Locale.ROOT).startsWith("INSERT")) {
        await(script, result);
        jobs.add(result);
      }
    }
    return jobs;
  }

  private static void await(SqlScript script, TableResult result) {
    try {
      result.await();
      LOG.info(
          "{}: job {} finished",
          script.name(),
          result.getJobClient().map(Object::toString).orElse("-"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(script.name() + " was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(script.name() + " failed: " + Failures.rootMessage(e), e);
    }
  }
}
