package io.pitlake.quarantine;

import java.util.Set;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * SQL {@code pitlake_unrecorded_reject(quarantine_id)}: whether {@code silver.quarantine} does not
 * hold that reject yet ({@link RecordedRejects}). A filter, so the insert stays insert-only.
 * Registered with its catalog loader by the job, never by a SQL file: a loader carries where the
 * catalog's secret is, which job parameters (shown in Flink's web UI) must not.
 */
public final class UnrecordedRejectFunction extends ScalarFunction {

  /** The name SQL calls it by. */
  public static final String NAME = "pitlake_unrecorded_reject";

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;
  private transient Set<String> recorded;

  public UnrecordedRejectFunction(CatalogLoader catalogLoader) {
    this.catalogLoader = catalogLoader;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    recorded = RecordedRejects.load(catalogLoader);
  }

  public boolean eval(String quarantineId) {
    return !recorded.contains(quarantineId);
  }

  @Override
  public boolean isDeterministic() {
    // Its answer depends on the table when the job starts, not only on its argument.
    return false;
  }
}
