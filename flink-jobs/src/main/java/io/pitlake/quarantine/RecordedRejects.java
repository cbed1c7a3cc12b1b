package io.pitlake.quarantine;

import io.pitlake.catalog.Catalogs;
import io.pitlake.table.PitlakeTables;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The ids of the rejects {@code silver.quarantine} already holds. The quarantine is an append-only
 * log of distinct refusals: a re-run that refuses the same payload for the same reason (an ingest
 * of the same range, a batch rebuild of a layer) must not log it again, and an insert-only table
 * has no key to upsert on. So every writer drops, before its sink, the rejects whose {@link
 * Rejection#id()} is already committed. The log is small (one row per distinct bad input), so every
 * writer holds all of its ids.
 */
final class RecordedRejects {

  private static final String ID = "quarantine_id";

  private RecordedRejects() {}

  /**
   * The committed ids, read through a catalog opened from {@code loader}. Every job that writes the
   * quarantine creates its tables before it starts, so the table exists.
   */
  static Set<String> load(CatalogLoader loader) throws IOException {
    Set<String> ids = new HashSet<>();
    Catalogs.scan(
        loader,
        PitlakeTables.SILVER_QUARANTINE.id(),
        Expressions.alwaysTrue(),
        List.of(ID),
        row -> ids.add((String) row.getField(ID)));
    return ids;
  }
}
