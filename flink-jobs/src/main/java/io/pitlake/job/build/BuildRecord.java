package io.pitlake.job.build;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.job.LakeTables;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * What a table's current rows were built from: the fingerprint of a batch build's inputs ({@link
 * BuildPlan}), kept in a table property together with the snapshot that build committed.
 *
 * <p>A property, not the snapshot's summary, because Iceberg's Flink SQL sink cannot add to a
 * summary; changing a property commits new table metadata but no snapshot. The record holds only
 * while that snapshot is the newest that changed the table's rows: any later commit but a
 * compaction (a backfill, a streaming run, another engine) makes the table's rows something the
 * fingerprint no longer describes, and then the record is ignored. A build that dies between its
 * commit and the record leaves an older record, which no longer matches: the next build runs again.
 */
final class BuildRecord {

  /** The table property: {@code <snapshot id> <fingerprint>}. */
  static final String PROPERTY = "pitlake.built-from";

  private static final String NO_SNAPSHOT = "none";

  private BuildRecord() {}

  /** The fingerprint the table's current rows were built from, if a build recorded it. */
  static Optional<String> current(Table table) {
    String recorded = table.properties().get(PROPERTY);
    if (recorded == null) {
      return Optional.empty();
    }
    int space = recorded.indexOf(' ');
    boolean holds = space > 0 && recorded.substring(0, space).equals(snapshotOf(table));
    return holds ? Optional.of(recorded.substring(space + 1)) : Optional.empty();
  }

  /** Records that the table's current rows were built from {@code fingerprint}. */
  static void write(Table table, String fingerprint) {
    checkArgument(
        !fingerprint.isBlank() && !fingerprint.contains(" "),
        "a fingerprint is one word, got '%s': use BuildPlan's",
        fingerprint);
    table.updateProperties().set(PROPERTY, snapshotOf(table) + " " + fingerprint).commit();
  }

  /** The newest snapshot that changed the rows: a compaction after the build keeps its record. */
  private static String snapshotOf(Table table) {
    Snapshot current = LakeTables.newestChange(table);
    return current == null ? NO_SNAPSHOT : Long.toString(current.snapshotId());
  }
}
