package io.pitlake.table;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.apache.iceberg.types.Types;

/**
 * The three times every pitlake row carries, as one table declares them: {@code event_time} (when
 * the thing happened), {@code available_at} (when a live system could first have known it) and
 * {@code ingested_at} (when pitlake fetched it), all UTC instants ({@code timestamptz}). A table
 * names only their field ids (fixed, so a lake written before opens unchanged) and, where its rows
 * differ, a note or a nullable time; the name and type come from here, so no table can misspell or
 * mistype them.
 *
 * @param eventTime the {@code event_time} column
 * @param availableAt the {@code available_at} column
 * @param ingestedAt the {@code ingested_at} column (never null: pitlake always knows when it
 *     fetched)
 */
public record PitColumns(Column eventTime, Column availableAt, Column ingestedAt) {

  public static final String EVENT_TIME = "event_time";
  public static final String AVAILABLE_AT = "available_at";
  public static final String INGESTED_AT = "ingested_at";

  /** The three names, in the order this class documents them. */
  public static final List<String> NAMES = List.of(EVENT_TIME, AVAILABLE_AT, INGESTED_AT);

  /**
   * One of the three columns.
   *
   * @param id the field id, as the table has always had it
   * @param optional whether a row may leave it null (a raw bronze row whose vendor gave no time)
   * @param doc the column's note in the catalog, or null for none
   */
  public record Column(int id, boolean optional, String doc) {
    public Column {
      checkArgument(id > 0, "field id %s must be positive", id);
    }

    Types.NestedField field(String name) {
      return Types.NestedField.of(id, optional, name, Types.TimestampType.withZone(), doc);
    }
  }

  public PitColumns {
    checkArgument(
        List.of(eventTime.id(), availableAt.id(), ingestedAt.id()).stream().distinct().count() == 3,
        "event_time, available_at and ingested_at need three different field ids, got %s, %s, %s",
        eventTime.id(),
        availableAt.id(),
        ingestedAt.id());
    checkArgument(!ingestedAt.optional(), "ingested_at is never null: declare it required");
  }

  /** The three columns at these field ids, required and without notes. */
  public static PitColumns ids(int eventTime, int availableAt, int ingestedAt) {
    return new PitColumns(
        new Column(eventTime, false, null),
        new Column(availableAt, false, null),
        new Column(ingestedAt, false, null));
  }

  /** With {@code event_time}'s note. */
  public PitColumns eventTime(String doc) {
    return new PitColumns(new Column(eventTime.id(), false, doc), availableAt, ingestedAt);
  }

  /** With {@code event_time} nullable, and its note (null for none). */
  public PitColumns optionalEventTime(String doc) {
    return new PitColumns(new Column(eventTime.id(), true, doc), availableAt, ingestedAt);
  }

  /** With {@code available_at}'s note. */
  public PitColumns availableAt(String doc) {
    return new PitColumns(eventTime, new Column(availableAt.id(), false, doc), ingestedAt);
  }

  /** With {@code available_at} nullable, and its note (null for none). */
  public PitColumns optionalAvailableAt(String doc) {
    return new PitColumns(eventTime, new Column(availableAt.id(), true, doc), ingestedAt);
  }

  /** With {@code ingested_at}'s note. */
  public PitColumns ingestedAt(String doc) {
    return new PitColumns(eventTime, availableAt, new Column(ingestedAt.id(), false, doc));
  }

  /** The three as schema fields. */
  public List<Types.NestedField> fields() {
    return List.of(
        eventTime.field(EVENT_TIME),
        availableAt.field(AVAILABLE_AT),
        ingestedAt.field(INGESTED_AT));
  }
}
