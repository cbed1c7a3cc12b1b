package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.table.TableSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One time model everywhere: every table a lake can hold, walked from the catalog rather than from
 * a list that a new table could be left out of, carries the three instants as UTC timestamps.
 */
class TimeModelTest {

  private static final List<String> INSTANTS = List.of("event_time", "available_at", "ingested_at");

  @TempDir Path warehouse;

  @Test
  @DisplayName("every table in the catalog has event_time, available_at and ingested_at")
  void everyTableCarriesTheThreeInstants() throws Exception {
    Catalog catalog = Catalogs.create(CatalogConfig.embedded(warehouse));
    List<TableSpec> specs = new ArrayList<>(PitlakeTables.all());
    for (VendorDataset dataset : VendorDataset.values()) {
      specs.add(dataset.table());
    }
    TableBootstrap.ensureTables(catalog, specs);

    List<TableIdentifier> walked = new ArrayList<>();
    for (String namespace : PitlakeTables.NAMESPACES) {
      walked.addAll(catalog.listTables(Namespace.of(namespace)));
    }
    assertThat(walked).hasSizeGreaterThanOrEqualTo(PitlakeTables.all().size());
    for (TableIdentifier id : walked) {
      var schema = catalog.loadTable(id).schema();
      for (String column : INSTANTS) {
        assertThat(schema.findField(column))
            .as("%s has column %s", id, column)
            .isNotNull()
            .extracting(Types.NestedField::type)
            .isEqualTo(Types.TimestampType.withZone());
      }
    }
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
