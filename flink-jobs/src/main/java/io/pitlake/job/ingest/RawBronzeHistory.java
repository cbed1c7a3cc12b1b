package io.pitlake.job.ingest;

import java.io.IOException;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.io.CloseableIterable;

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
    Catalog catalog = catalogLoader.loadCatalog();
    try {
      Table table = catalog.loadTable(dataset.table().id());
      try (CloseableIterable<Record> rows =
          IcebergGenerics.read(table)
              .where(Expressions.equal("dataset", dataset.id()))
              .select("observation_key", "payload_hash", "version")
              .build()) {
        for (Record row : rows) {
          visitor.visit(
              (String) row.getField("observation_key"),
              (String) row.getField("payload_hash"),
              (Integer) row.getField("version"));
        }
      }
    } finally {
      if (catalog instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          throw new IOException("cannot close catalog " + catalogLoader, e);
        }
      }
    }
  }
}
