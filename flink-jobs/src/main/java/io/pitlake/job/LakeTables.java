package io.pitlake.job;

import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;

/**
 * The tables of a lake: pitlake's own, and the raw bronze table of every vendor dataset that {@code
 * pitlake ingest} created. One list for the commands that act on the whole lake ({@code tables},
 * {@code tag}, {@code maintain}), so a table added to either source reaches all of them.
 */
public final class LakeTables {

  private LakeTables() {}

  /** pitlake's own tables (whether created or not), then the raw bronze tables that exist. */
  public static List<TableSpec> known(Catalog catalog) {
    List<TableSpec> tables = new ArrayList<>(PitlakeTables.all());
    for (VendorDataset dataset : VendorDataset.values()) {
      if (catalog.tableExists(dataset.table().id())) {
        tables.add(dataset.table());
      }
    }
    return tables;
  }

  /** The tables of {@link #known} that exist in the catalog. */
  public static List<TableSpec> existing(Catalog catalog) {
    return known(catalog).stream().filter(t -> catalog.tableExists(t.id())).toList();
  }
}
