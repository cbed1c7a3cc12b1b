package io.pitlake.quarantine;

import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * Keeps the rejects of a DataStream writer (an ingest's unreadable pages and elements) that {@code
 * silver.quarantine} does not hold yet ({@link RecordedRejects}).
 */
public final class UnrecordedRejects extends RichFilterFunction<Rejection> {

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;
  private transient Set<String> recorded;

  public UnrecordedRejects(CatalogLoader catalogLoader) {
    this.catalogLoader = catalogLoader;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    recorded = RecordedRejects.load(catalogLoader);
  }

  @Override
  public boolean filter(Rejection rejection) {
    return !recorded.contains(rejection.id());
  }
}
