package io.pitlake.universe;

import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.quarantine.Rejection;
import io.pitlake.table.IcebergAppends;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Stores a universe file's memberships in {@code silver.index_membership} and its unreadable lines
 * in {@code silver.quarantine}, in one append each, without a Flink job (a change list is a few
 * thousand lines).
 *
 * <p>Insert-only versions: a line already stored (same typed fields, {@link MembershipChange#hash})
 * adds nothing, so the same file ingested twice adds no row; a new line for an index, member and
 * effective_from already known (an end, a correction) becomes the key's next version. A reject
 * already in the quarantine (same file name, reason and line) is not logged again.
 */
public final class UniverseIngest {

  /** The quarantine's {@code source} of a universe file's lines. */
  public static final String SOURCE = "user.universe";

  /** What an ingest stored. */
  public record Result(int added, int unchanged, int quarantined) {}

  private final Catalog catalog;

  public UniverseIngest(Catalog catalog) {
    this.catalog = checkNotNull(catalog, "catalog must not be null");
  }

  /** Stores {@code parsed}, read from the file named {@code fileName}, as of {@code ingestedAt}. */
  public Result ingest(MembershipCsv.Parsed parsed, String fileName, Instant ingestedAt) {
    TableBootstrap.ensureTables(
        catalog, List.of(PitlakeTables.SILVER_INDEX_MEMBERSHIP, PitlakeTables.SILVER_QUARANTINE));
    Table membership = catalog.loadTable(PitlakeTables.SILVER_INDEX_MEMBERSHIP.id());
    Set<String> stored = new HashSet<>();
    Map<String, Integer> versions = new HashMap<>();
    for (Record row : read(membership)) {
      stored.add((String) row.getField("line_hash"));
      versions.merge(key(row), (Integer) row.getField("version"), Math::max);
    }
    List<MembershipChange> changes = new ArrayList<>(parsed.changes());
    changes.sort(
        Comparator.comparing(MembershipChange::availableAt).thenComparing(MembershipChange::hash));
    List<Record> added = new ArrayList<>();
    int unchanged = 0;
    for (MembershipChange change : changes) {
      if (!stored.add(change.hash())) {
        unchanged++;
        continue;
      }
      int version =
          versions.merge(
              String.join(
                  "|", change.indexId(), change.member(), change.effectiveFrom().toString()),
              1,
              Integer::sum);
      added.add(row(membership, change, version, ingestedAt));
    }
    IcebergAppends.append(membership, added);
    return new Result(added.size(), unchanged, quarantine(parsed.rejects(), fileName, ingestedAt));
  }

  private int quarantine(List<MembershipCsv.Reject> rejects, String fileName, Instant ingestedAt) {
    Table quarantine = catalog.loadTable(PitlakeTables.SILVER_QUARANTINE.id());
    Set<String> ids = new HashSet<>();
    try (CloseableIterable<Record> recorded =
        IcebergGenerics.read(quarantine)
            .where(Expressions.equal("source", SOURCE))
            .select("quarantine_id")
            .build()) {
      recorded.forEach(row -> ids.add((String) row.getField("quarantine_id")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + quarantine.name(), e);
    }
    List<Record> rows = new ArrayList<>();
    for (MembershipCsv.Reject reject : rejects) {
      Rejection rejection =
          new Rejection(
              SOURCE,
              Rejection.STAGE_INGEST,
              String.format("line %d: %s", reject.lineNumber(), reject.reason()),
              null,
              null,
              null,
              ingestedAt,
              ingestedAt,
              fileName,
              reject.line());
      if (ids.add(rejection.id())) {
        GenericRecord r = GenericRecord.create(quarantine.schema());
        r.setField("quarantine_id", rejection.id());
        r.setField("source", rejection.source());
        r.setField("stage", rejection.stage());
        r.setField("reason", rejection.reason());
        r.setField("available_at", utc(ingestedAt));
        r.setField("ingested_at", utc(ingestedAt));
        r.setField("request_url", fileName);
        r.setField("payload", rejection.payload());
        rows.add(r);
      }
    }
    IcebergAppends.append(quarantine, rows);
    return rows.size();
  }

  private static Record row(Table table, MembershipChange c, int version, Instant ingestedAt) {
    GenericRecord r = GenericRecord.create(table.schema());
    r.setField("index_id", c.indexId());
    r.setField("constituent", c.member());
    r.setField("effective_from", c.effectiveFrom());
    r.setField("version", version);
    r.setField("symbol", c.symbol());
    r.setField("cik", c.cik());
    r.setField("effective_to", c.effectiveTo());
    r.setField("announced_at", c.announcedAt() == null ? null : utc(c.announcedAt()));
    r.setField("event_time", utc(c.eventTime()));
    r.setField("available_at", utc(c.availableAt()));
    r.setField("ingested_at", utc(ingestedAt));
    r.setField("line_hash", c.hash());
    return r;
  }

  private static String key(Record row) {
    return String.join(
        "|",
        (String) row.getField("index_id"),
        (String) row.getField("constituent"),
        ((LocalDate) row.getField("effective_from")).toString());
  }

  private static java.time.OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static List<Record> read(Table table) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + table.name(), e);
    }
    return rows;
  }
}
