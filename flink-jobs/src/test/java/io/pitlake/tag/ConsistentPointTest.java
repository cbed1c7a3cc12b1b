package io.pitlake.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The consistent point a lake-wide tag takes: the snapshots of one checkpoint for the tables a
 * streaming job writes, whatever order its per-table commits landed in.
 */
class ConsistentPointTest {

  static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "x", Types.LongType.get()));
  static final TableIdentifier BRONZE = TableIdentifier.of("bronze", "t");
  static final TableIdentifier SILVER = TableIdentifier.of("silver", "t");
  static final TableIdentifier GOLD = TableIdentifier.of("gold", "t");
  static final TableIdentifier REFERENCE = TableIdentifier.of("silver", "reference");
  static final TableIdentifier EMPTY = TableIdentifier.of("gold", "empty");
  static final List<TableIdentifier> ALL = List.of(BRONZE, SILVER, GOLD, REFERENCE, EMPTY);

  InMemoryCatalog catalog;
  int files;

  @BeforeEach
  void lake() {
    catalog = new InMemoryCatalog();
    catalog.initialize("lake", Map.of());
    for (String ns : List.of("bronze", "silver", "gold")) {
      catalog.createNamespace(Namespace.of(ns));
    }
    ALL.forEach(id -> catalog.createTable(id, SCHEMA, PartitionSpec.unpartitioned()));
  }

  /** A commit of a streaming job's sink: one new file, the job and checkpoint in the summary. */
  long commit(TableIdentifier id, String job, long checkpoint) {
    Table table = catalog.loadTable(id);
    table
        .newAppend()
        .appendFile(file())
        .set(ConsistentPoint.JOB_ID, job)
        .set(ConsistentPoint.CHECKPOINT_ID, Long.toString(checkpoint))
        .commit();
    return table.currentSnapshot().snapshotId();
  }

  DataFile file() {
    return DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath("/lake/data/f" + files++ + ".parquet")
        .withFileSizeInBytes(100)
        .withRecordCount(1)
        .build();
  }

  Map<TableIdentifier, Long> snapshots(TagPoint point) {
    Map<TableIdentifier, Long> chosen = new java.util.HashMap<>();
    point.tables().forEach(c -> chosen.put(c.table(), c.snapshotId()));
    return chosen;
  }

  @Test
  @DisplayName("a streaming job's tables are tagged at the newest checkpoint every one committed")
  void tablesOfAStreamingJobAreTaggedAtOneCheckpoint() {
    long bronze1 = commit(BRONZE, "live", 1);
    commit(BRONZE, "live", 2);
    commit(BRONZE, "live", 3);
    long silver2 = commit(SILVER, "live", 2);
    commit(SILVER, "live", 3);
    // Gold had nothing new at checkpoint 1, and its commit of checkpoint 3 has not landed yet.
    long gold2 = commit(GOLD, "live", 2);
    catalog
        .loadTable(REFERENCE)
        .newAppend()
        .appendFile(file())
        .set(ConsistentPoint.JOB_ID, "build")
        .set(ConsistentPoint.CHECKPOINT_ID, Long.toString(Long.MAX_VALUE))
        .commit();
    long reference = catalog.loadTable(REFERENCE).currentSnapshot().snapshotId();

    TagPoint point = ConsistentPoint.of(catalog, ALL);

    assertThat(point.checkpoints()).containsExactly(Map.entry("live", 2L));
    Map<TableIdentifier, Long> chosen = snapshots(point);
    assertThat(chosen.get(BRONZE))
        .as("bronze after checkpoint 2")
        .isEqualTo(
            catalog
                .loadTable(BRONZE)
                .snapshot(catalog.loadTable(BRONZE).currentSnapshot().parentId())
                .snapshotId())
        .isNotEqualTo(bronze1);
    assertThat(chosen.get(SILVER)).isEqualTo(silver2);
    assertThat(chosen.get(GOLD)).isEqualTo(gold2);
    assertThat(chosen.get(REFERENCE))
        .as("a batch job's table: its current snapshot")
        .isEqualTo(reference);
    assertThat(chosen.get(EMPTY)).as("never written").isNull();
  }

  @Test
  @DisplayName("a compaction after a commit above the checkpoint does not hide that commit")
  void aCompactionAfterANewerCommitIsNotTagged() {
    commit(SILVER, "live", 1);
    long bronze1 = commit(BRONZE, "live", 1);
    commit(BRONZE, "live", 2);
    Table bronze = catalog.loadTable(BRONZE);
    DataFile compacted = file();
    var current = bronze.currentSnapshot().addedDataFiles(bronze.io()).iterator().next();
    bronze.newRewrite().deleteFile(current).addFile(compacted).commit();

    Map<TableIdentifier, Long> chosen = snapshots(ConsistentPoint.of(catalog, ALL));

    assertThat(chosen.get(BRONZE))
        .as("bronze at checkpoint 1: the compaction holds checkpoint 2's rows")
        .isEqualTo(bronze1);
  }

  @Test
  @DisplayName("a table whose first commit came after the point names the fix")
  void aTableWithNothingAtThePointFails() {
    commit(SILVER, "live", 1);
    commit(BRONZE, "live", 4);

    assertThatThrownBy(() -> ConsistentPoint.of(catalog, ALL))
        .hasMessageContaining("bronze.t has no snapshot at checkpoint 1 of Flink job live")
        .hasMessageContaining("run 'pitlake tag create' again");
  }

  @Test
  @DisplayName("a tag reaches every table: an empty one gets an empty snapshot; delete clears it")
  void createListDelete() {
    commit(BRONZE, "live", 1);
    commit(SILVER, "live", 1);
    commit(GOLD, "live", 1);
    commit(REFERENCE, "live", 1);

    List<LakeTags.Tagged> made = LakeTags.create(catalog, "v1", ConsistentPoint.of(catalog, ALL));

    assertThat(made).hasSize(ALL.size());
    Table empty = catalog.loadTable(EMPTY);
    assertThat(empty.refs().get("v1").snapshotId()).isEqualTo(empty.currentSnapshot().snapshotId());
    assertThat(empty.currentSnapshot().summary()).containsEntry(LakeTags.EMPTY_FOR_TAG, "v1");
    assertThat(LakeTags.list(catalog, ALL, "v1"))
        .extracting(LakeTags.Tagged::checkpointId)
        .containsExactly(1L, null, 1L, 1L, 1L);
    assertThat(LakeTags.holders(catalog, ALL, "v1")).hasSize(ALL.size());
    assertThat(LakeTags.delete(catalog, ALL, "v1")).hasSize(ALL.size());
    assertThat(LakeTags.list(catalog, ALL, null)).isEmpty();
    assertThat(LakeTags.invalidName("main")).contains("main branch");
    assertThat(LakeTags.invalidName("a b")).contains("letters, digits");
    assertThat(LakeTags.invalidName("2024-06-30.eod")).isNull();
  }
}
