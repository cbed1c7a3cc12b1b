package io.pitlake.job.ingest;

import io.pitlake.catalog.Catalogs;
import java.io.IOException;
import java.util.List;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * What a raw bronze table already holds of the keys being fetched, so a re-run stores only new
 * content and numbers revisions after the stored versions.
 */
public final class RawBronzeHistory implements ObservationHistory {

  private static final long serialVersionUID = 1L;

  private final CatalogLoader catalogLoader;
  private final VendorDataset dataset;

  public RawBronzeHistory(CatalogLoader catalogLoader, VendorDataset dataset) {
    this.catalogLoader = catalogLoader;
    this.dataset = dataset;
  }

  @Override
  public void forEach(Visitor visitor) throws IOException {
    Catalogs.scan(
        catalogLoader,
        dataset.table().id(),
        Expressions.equal("dataset", dataset.id()),
        List.of("observation_key", "payload_hash", "version"),
        row ->
            visitor.visit(
                (String) row.getField("observation_key"),
                (String) row.getField("payload_hash"),
                (Integer) row.getField("version")));
  }
}
