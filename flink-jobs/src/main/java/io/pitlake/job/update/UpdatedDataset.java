package io.pitlake.job.update;

import io.pitlake.job.ingest.Freshness;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.job.ingest.VendorDataset.KeyKind;
import io.pitlake.table.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.iceberg.data.Record;

/**
 * A dataset as {@code pitlake update} sees it: Polygon's daily bars (the backfill's {@code
 * bronze.polygon_aggs}) or a raw {@link VendorDataset}, with its bronze table, how a bronze row
 * names its key, and its {@link Freshness}.
 *
 * @param raw the raw dataset, or null for the daily bars
 */
public record UpdatedDataset(
    String id,
    String vendor,
    TableSpec table,
    KeyKind keyKind,
    Freshness freshness,
    @Nullable VendorDataset raw) {

  /** The one key of a dataset keyed by nothing (its splits' key). */
  static final String ALL = "all";

  public static final UpdatedDataset DAILY_BARS =
      new UpdatedDataset(
          VendorDataset.POLYGON_AGGS_DAY.id(),
          VendorDataset.POLYGON_AGGS_DAY.vendor(),
          VendorDataset.POLYGON_AGGS_DAY.table(),
          VendorDataset.POLYGON_AGGS_DAY.keyKind(),
          VendorDataset.POLYGON_AGGS_DAY.freshness(),
          null);

  static UpdatedDataset of(VendorDataset raw) {
    return new UpdatedDataset(
        raw.id(), raw.vendor(), raw.table(), raw.keyKind(), raw.freshness(), raw);
  }

  /** The daily bars, then every raw dataset in declaration order. */
  public static List<UpdatedDataset> all() {
    List<UpdatedDataset> all = new ArrayList<>();
    all.add(DAILY_BARS);
    for (VendorDataset raw : VendorDataset.values()) {
      if (raw != VendorDataset.POLYGON_AGGS_DAY) {
        all.add(of(raw));
      }
    }
    return all;
  }

  /**
   * The dataset named {@code id} ({@code polygon.aggs_day}, {@code sec.companyfacts}).
   *
   * @throws IllegalArgumentException naming the choices
   */
  public static UpdatedDataset of(String id) {
    String wanted = id.strip().toLowerCase(Locale.ROOT);
    return all().stream()
        .filter(d -> d.id.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    String.format(
                        "'%s' is not a dataset: use one of %s",
                        id,
                        all().stream().map(UpdatedDataset::id).collect(Collectors.joining(", ")))));
  }

  /** The bronze columns {@link #keyOf} reads. */
  List<String> keyColumns() {
    return raw == null ? List.of("symbol") : List.of("split_id", "observation_key");
  }

  /**
   * The key a bronze row was fetched for: its symbol; the key of its split ({@code KEY:from:to});
   * where one request named several symbols (Alpaca's bars), the symbol its observation key starts
   * with; {@value #ALL} for a dataset keyed by nothing.
   */
  String keyOf(Record row) {
    if (raw == null) {
      return (String) row.getField("symbol");
    }
    if (keyKind == KeyKind.NONE) {
      return ALL;
    }
    String splitId = (String) row.getField("split_id");
    // KEY:YYYY-MM-DD:YYYY-MM-DD, and a key may hold a colon.
    String key = splitId.substring(0, splitId.lastIndexOf(':', splitId.lastIndexOf(':') - 1));
    if (key.contains(",")) {
      String observation = (String) row.getField("observation_key");
      return observation.substring(0, observation.indexOf('|'));
    }
    return key;
  }
}
