package io.pitlake.dq;

import io.pitlake.job.LakeTables;
import io.pitlake.tag.ConsistentPoint;
import io.pitlake.tag.LakeTags;
import io.pitlake.tag.TagPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The publish of an audit that passed: moves {@code main} of each audited table to the snapshot the
 * gates judged and tags every table of the lake {@code publish-<audit id>}.
 *
 * <p>The JDBC catalog commits one table at a time, so a publish is two steps that can each be
 * repeated: {@link #prepare} records on every audited table the snapshot it will publish (table
 * property {@value #PUBLISHING}); {@link #complete} then moves each table's {@code main} there, in
 * the order bronze, silver, gold, tags the lake and drops the records. A run that dies in between
 * leaves the records, and the next audit's begin completes that publish before anything else;
 * moving {@code main} to where it already is and tagging a table that has the tag are skipped, so a
 * re-publish is idempotent. Readers who must never see half a publish read at the newest {@code
 * publish-} tag, which every table gets only after every {@code main} moved.
 */
final class Publisher {

  /** The table property of a publish in progress: {@code <tag> <snapshot id>}. */
  static final String PUBLISHING = "pitlake.publishing";

  private Publisher() {}

  /** Step 1: records on each table the snapshot (value of {@code heads}) it will publish. */
  static void prepare(Catalog catalog, String tag, Map<TableIdentifier, Long> heads) {
    heads.forEach(
        (id, head) ->
            catalog.loadTable(id).updateProperties().set(PUBLISHING, tag + " " + head).commit());
  }

  /**
   * Step 2: publishes what the tables' {@value #PUBLISHING} records say, bronze before silver
   * before gold: {@code main} moves to the recorded snapshot (a fast-forward: {@code main} must be
   * its ancestor), then every table of the lake gets the publish's tag at its {@code main}, and the
   * publish tags beyond the newest {@code retain} are removed ({@link PublishTags}).
   */
  static void complete(Catalog catalog, int retain, Consumer<String> events) {
    Map<String, List<TableIdentifier>> byTag = new LinkedHashMap<>();
    List<TableIdentifier> ordered =
        LakeTables.existingIds(catalog).stream()
            .sorted(Comparator.comparingInt(Publisher::layerOrder))
            .toList();
    for (TableIdentifier id : ordered) {
      Table table = catalog.loadTable(id);
      String publishing = table.properties().get(PUBLISHING);
      if (publishing == null) {
        continue;
      }
      String[] parts = publishing.split(" ");
      fastForward(table, id, Long.parseLong(parts[1]));
      byTag.computeIfAbsent(parts[0], t -> new ArrayList<>()).add(id);
    }
    for (String tag : byTag.keySet()) {
      TagPoint point = ConsistentPoint.of(catalog, ordered);
      List<TagPoint.Choice> missing =
          point.tables().stream()
              .filter(c -> !catalog.loadTable(c.table()).refs().containsKey(tag))
              .toList();
      LakeTags.create(catalog, tag, new TagPoint(missing));
      for (TableIdentifier id : byTag.get(tag)) {
        catalog.loadTable(id).updateProperties().remove(PUBLISHING).commit();
      }
      events.accept(
          String.format(
              "[audit] published: main of %s moved; every table tagged '%s'",
              byTag.get(tag).stream().map(TableIdentifier::toString).toList(), tag));
    }
    if (!byTag.isEmpty()) {
      PublishTags.expire(catalog, ordered, retain, events);
    }
  }

  /** Sets {@code main} to {@code target} unless it is there, refusing to drop another's commits. */
  private static void fastForward(Table table, TableIdentifier id, long target) {
    Snapshot main = table.currentSnapshot();
    if (main != null && main.snapshotId() == target) {
      return;
    }
    if (main != null && !SnapshotUtil.isAncestorOf(table, target, main.snapshotId())) {
      throw new IllegalStateException(
          String.format(
              "cannot publish %s: main (snapshot %d) moved since the audit began (another"
                  + " writer, e.g. pitlake live, committed), so snapshot %d does not extend it;"
                  + " run the build again",
              id, main.snapshotId(), target));
    }
    table.manageSnapshots().setCurrentSnapshot(target).commit();
  }

  /** bronze, silver, gold: the order a publish moves the tables' main. */
  private static int layerOrder(TableIdentifier id) {
    return switch (id.namespace().toString()) {
      case "bronze" -> 0;
      case "silver" -> 1;
      default -> 2;
    };
  }
}
