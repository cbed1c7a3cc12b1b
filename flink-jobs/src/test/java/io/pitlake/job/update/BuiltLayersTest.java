package io.pitlake.job.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.LakeTables;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import io.pitlake.tag.ConsistentPoint;
import io.pitlake.tag.LakeTags;
import java.nio.file.Path;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers an update rebuilds are those a user built: a tag (every audit's publish tags every
 * table) gives the tables it finds empty a snapshot, which is no build.
 */
class BuiltLayersTest {

  @TempDir Path root;

  @Test
  void aTagsEmptySnapshotIsNoBuild() throws Exception {
    CatalogConfig config = CatalogConfig.embedded(root);
    try (var lake = Backfill.closeable(Catalogs.create(config))) {
      Catalog catalog = lake.get();
      TableBootstrap.ensureTables(catalog, PitlakeTables.all());
      LakeTags.create(
          catalog, "publish-1", ConsistentPoint.of(catalog, LakeTables.existingIds(catalog)));
      assertThat(catalog.loadTable(PitlakeTables.GOLD_PANEL_DAILY.id()).currentSnapshot())
          .isNotNull();
      assertThat(Update.builtLayers(config)).isEmpty();

      catalog.loadTable(PitlakeTables.GOLD_PANEL_DAILY.id()).newFastAppend().commit();
      assertThat(Update.builtLayers(config)).containsExactly(Layer.PANEL);
    }
  }
}
