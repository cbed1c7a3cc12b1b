package io.pitlake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.vendor.VendorJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.iceberg.data.Record;

/**
 * Both sides of the prefix property (a run on the inputs known by T gives exactly the full run's
 * rows known by T), shared by every test that cuts a lake at T: which bronze rows the cut lake
 * gets, and what the full build's rows look like to someone at T.
 */
public final class KnownBy {

  private KnownBy() {}

  /**
   * The bronze rows of {@code full} known by {@code cut}. A companyfacts fact is known from its
   * filing's acceptance (what a live ingest polling after each acceptance would have had), not from
   * when a backfill fetched it; every other row from its own {@code available_at}.
   */
  public static Predicate<Record> bronze(Lake full, Instant cut) {
    Map<String, Instant> accepted = new HashMap<>();
    for (Record r : full.records(VendorDataset.SEC_SUBMISSIONS.table())) {
      accepted.merge(
          (String) r.getField("observation_key"),
          Lake.availableAt(r),
          (a, b) -> a.isBefore(b) ? a : b);
    }
    return r -> !knownAt(r, accepted).isAfter(cut);
  }

  private static Instant knownAt(Record bronze, Map<String, Instant> accepted) {
    Instant own = Lake.availableAt(bronze);
    if (!VendorDataset.SEC_COMPANYFACTS.id().equals(bronze.getField("dataset"))
        || (Integer) bronze.getField("version") > 1) {
      return own;
    }
    JsonNode fact = VendorJson.object((String) bronze.getField("payload"), "fact");
    Instant filing = accepted.get(fact.path("accn").asText());
    return filing == null ? own : filing;
  }

  /**
   * The rows with {@code available_at <= cut} as someone at the cut saw them: where the instant
   * that ended a row ({@code endedAt}) is after the cut, the columns that say so ({@code
   * endColumns}) are NULL, since nothing at the cut could know the row would end. Sorted like
   * {@link Lake#rows}.
   */
  private static List<Map<String, Object>> rows(
      List<Map<String, Object>> rows, Instant cut, String endedAt, String... endColumns) {
    List<Map<String, Object>> known = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      if (!((Instant) row.get("available_at")).isAfter(cut)) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        Instant ended = (Instant) copy.get(endedAt);
        if (ended != null && ended.isAfter(cut)) {
          for (String column : endColumns) {
            copy.put(column, null);
          }
        }
        known.add(copy);
      }
    }
    known.sort(Comparator.comparing(Object::toString));
    return known;
  }

  /**
   * The rows of an insert-only table known by {@code cut}, exactly as written: both sides of the
   * prefix property for a table whose rows carry no end (the security master: a state's end is
   * derived at read from the next state known), so a prefix run that wrote anything it could not
   * know fails. Rows known after the cut are the only ones the property leaves free. Sorted like
   * {@link #rows}.
   */
  public static List<Map<String, Object>> written(List<Map<String, Object>> rows, Instant cut) {
    List<Map<String, Object>> known = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      if (!((Instant) row.get("available_at")).isAfter(cut)) {
        known.add(row);
      }
    }
    known.sort(Comparator.comparing(Object::toString));
    return known;
  }

  /**
   * The rows of an insert-only table as someone at {@code cut} read it: per {@code key}, the
   * highest {@code version} with {@code available_at <= cut} (the documented as-of query).
   */
  public static List<Map<String, Object>> newest(
      List<Map<String, Object>> rows, Instant cut, String... key) {
    Map<List<Object>, Map<String, Object>> newest = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      if (!((Instant) row.get("available_at")).isAfter(cut)) {
        List<Object> id = java.util.Arrays.stream(key).map(row::get).toList();
        newest.merge(
            id, row, (a, b) -> (Integer) a.get("version") >= (Integer) b.get("version") ? a : b);
      }
    }
    return List.copyOf(newest.values());
  }

  /** {@link #rows} of a table whose rows end at {@code superseded_at}. */
  public static List<Map<String, Object>> rows(List<Map<String, Object>> rows, Instant cut) {
    return rows(rows, cut, "superseded_at", "superseded_at");
  }
}
