package io.pitlake.tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.annotation.Nullable;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.util.Tasks;

/**
 * Lake-wide tags: one Iceberg tag of the same name on every table, each at the table's snapshot of
 * one {@link TagPoint}. A tag pins its snapshots: Iceberg's snapshot expiry keeps every snapshot a
 * tag references (pitlake sets no maximum tag age), so a backtest that reads at a tag reads the
 * same rows for as long as the tag exists, whatever is appended, revised or compacted since.
 *
 * <p>The catalog has no multi-table commit, so a tag is one commit per table. A create that dies
 * half way leaves the tag on some tables: a second create of the name refuses (it exists), a read
 * of a table without it names the table, and {@link #delete} clears it for a fresh create.
 */
public final class LakeTags {

  /** Attempts after the first at a reference change that another writer's commit beat. */
  private static final int COMMIT_RETRIES = 10;

  /** Letters, digits, {@code . _ -}: a name that needs no quoting in any engine's SQL literal. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /** The summary key that marks the empty snapshot a tag gave a table without one. */
  public static final String EMPTY_FOR_TAG = "pitlake.empty-for-tag";

  private LakeTags() {}

  /** One table's tag: what {@code pitlake tag list} prints. */
  public record Tagged(
      String tag,
      TableIdentifier table,
      long snapshotId,
      Instant committedAt,
      @Nullable Long checkpointId,
      long rows) {}

  /** Why a name cannot be a tag, or {@code null} when it can. */
  @Nullable
  public static String invalidName(String name) {
    if (!NAME.matcher(name).matches()) {
      return String.format(
          "tag name '%s': use letters, digits, '.', '_' and '-' (at most 100, starting with a"
              + " letter or digit)",
          name);
    }
    if (name.equals(SnapshotRef.MAIN_BRANCH)) {
      return "tag name 'main' is the name of every table's main branch: choose another";
    }
    return null;
  }

  /** The one-line error for a tagged read of a table that lacks the tag. */
  public static String missing(String table, String tag) {
    return String.format(
        "%s has no tag '%s' (the tag was made before the table existed, or its create stopped"
            + " half way): 'pitlake tag list %s' shows the tables it has",
        table, tag, tag);
  }

  /** The tables that already have a reference (tag or branch) named {@code name}. */
  public static List<TableIdentifier> holders(
      Catalog catalog, List<TableIdentifier> tables, String name) {
    List<TableIdentifier> holders = new ArrayList<>();
    for (TableIdentifier id : tables) {
      if (catalog.loadTable(id).refs().containsKey(name)) {
        holders.add(id);
      }
    }
    return holders;
  }

  /**
   * Tags every table of {@code point} with {@code name}, each at its chosen snapshot. A table with
   * no snapshot first gets an empty one (an append of no files, marked {@value #EMPTY_FOR_TAG}), so
   * the tag exists on every table and a tagged read of it returns no rows, as it held then.
   *
   * @return the tags made, in the point's order
   */
  public static List<Tagged> create(Catalog catalog, String name, TagPoint point) {
    String invalid = invalidName(name);
    if (invalid != null) {
      throw new IllegalArgumentException(invalid);
    }
    List<Tagged> made = new ArrayList<>();
    for (TagPoint.Choice choice : point.tables()) {
      Table table = catalog.loadTable(choice.table());
      long snapshotId =
          choice.snapshotId() != null ? choice.snapshotId() : emptySnapshot(table, name);
      commit(
          catalog, choice.table(), t -> t.manageSnapshots().createTag(name, snapshotId).commit());
      made.add(tagged(name, choice.table(), table, snapshotId));
    }
    return made;
  }

  /**
   * The snapshot for a table that had none when the point was found: an empty append, unless a
   * writer committed in the meantime (then its first snapshot, the oldest state after empty).
   */
  private static long emptySnapshot(Table table, String name) {
    table.refresh();
    if (table.currentSnapshot() == null) {
      table.newFastAppend().set(EMPTY_FOR_TAG, name).commit();
    }
    var snapshots = new ArrayList<org.apache.iceberg.Snapshot>();
    table.snapshots().forEach(snapshots::add);
    return snapshots.stream()
        .filter(s -> name.equals(s.summary().get(EMPTY_FOR_TAG)))
        .findFirst()
        .orElseGet(
            () -> snapshots.stream().min(Comparator.comparingLong(s -> s.sequenceNumber())).get())
        .snapshotId();
  }

  /** Every tag on the given tables, by tag name then table; {@code only} limits it to one name. */
  public static List<Tagged> list(
      Catalog catalog, List<TableIdentifier> tables, @Nullable String only) {
    List<Tagged> all = new ArrayList<>();
    for (TableIdentifier id : tables) {
      Table table = catalog.loadTable(id);
      for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
        if (ref.getValue().isTag() && (only == null || only.equals(ref.getKey()))) {
          all.add(tagged(ref.getKey(), id, table, ref.getValue().snapshotId()));
        }
      }
    }
    all.sort(Comparator.comparing(Tagged::tag).thenComparing(t -> t.table().toString()));
    return all;
  }

  /** Removes the tag {@code name} from every table that has it; returns those tables. */
  public static List<TableIdentifier> delete(
      Catalog catalog, List<TableIdentifier> tables, String name) {
    List<TableIdentifier> removed = new ArrayList<>();
    for (TableIdentifier id : tables) {
      Table table = catalog.loadTable(id);
      SnapshotRef ref = table.refs().get(name);
      if (ref != null && ref.isTag()) {
        commit(catalog, id, t -> t.manageSnapshots().removeTag(name).commit());
        removed.add(id);
      }
    }
    return removed;
  }

  /**
   * Commits a change of a table's references, again on a freshly loaded table when another writer
   * committed first: a running {@code pitlake live} commits every checkpoint, and a reference
   * change that lost the race was not applied ({@link CommitFailedException}), so it is safe to
   * repeat.
   */
  private static void commit(Catalog catalog, TableIdentifier id, Consumer<Table> change) {
    Tasks.foreach(id)
        .retry(COMMIT_RETRIES)
        .exponentialBackoff(20, 2_000, 60_000, 2.0)
        .onlyRetryOn(CommitFailedException.class)
        .throwFailureWhenFinished()
        .run(table -> change.accept(catalog.loadTable(table)));
  }

  private static Tagged tagged(String tag, TableIdentifier id, Table table, long snapshotId) {
    var snapshot = table.snapshot(snapshotId);
    Map<String, String> summary = snapshot.summary();
    String checkpoint = summary.get(ConsistentPoint.CHECKPOINT_ID);
    Long checkpointId =
        checkpoint == null || ConsistentPoint.checkpoint(snapshot) == Long.MAX_VALUE
            ? null
            : Long.parseLong(checkpoint);
    return new Tagged(
        tag,
        id,
        snapshotId,
        Instant.ofEpochMilli(snapshot.timestampMillis()),
        checkpointId,
        Long.parseLong(summary.getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP, "0")));
  }
}
