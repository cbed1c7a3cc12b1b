package io.pitlake.job.ingest;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.split.RestSplit;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * What one {@code pitlake ingest} run fetches into raw bronze tables.
 *
 * @param datasets the datasets, each its own source and table
 * @param symbols tickers, for the datasets keyed by ticker (FMP)
 * @param ciks SEC central index keys, for the datasets keyed by company (SEC submissions, facts)
 * @param from first day (for datasets served by date; these vendors serve a key's whole history)
 * @param to last day
 * @param credentials where each vendor's key comes from, by vendor name ({@code fmp}); a vendor
 *     without an entry needs no key
 * @param options the vendors' options, including their base URLs
 * @param firstDates the first day each ticker traded under its name, where its history is known
 *     (from Polygon's ticker events): ticker details, asked for as of a day, are not asked for
 *     before it, when the vendor has nothing but a 404
 * @param planned splits planned elsewhere, in place of those of a dataset's keys over {@code [from,
 *     to]} ({@code pitlake update}: each key from its high-water mark less the dataset's lookback,
 *     to the newest day the vendor published)
 */
public record RawIngestPlan(
    CatalogConfig catalog,
    List<VendorDataset> datasets,
    List<String> symbols,
    List<String> ciks,
    LocalDate from,
    LocalDate to,
    Map<String, Credentials> credentials,
    Configuration options,
    Map<String, LocalDate> firstDates,
    Map<VendorDataset, List<RestSplit>> planned) {

  /** A plan of the datasets' keys over {@code [from, to]}. */
  public RawIngestPlan(
      CatalogConfig catalog,
      List<VendorDataset> datasets,
      List<String> symbols,
      List<String> ciks,
      LocalDate from,
      LocalDate to,
      Map<String, Credentials> credentials,
      Configuration options,
      Map<String, LocalDate> firstDates) {
    this(catalog, datasets, symbols, ciks, from, to, credentials, options, firstDates, Map.of());
  }

  /** A plan with no ticker's history known. */
  public RawIngestPlan(
      CatalogConfig catalog,
      List<VendorDataset> datasets,
      List<String> symbols,
      List<String> ciks,
      LocalDate from,
      LocalDate to,
      Map<String, Credentials> credentials,
      Configuration options) {
    this(catalog, datasets, symbols, ciks, from, to, credentials, options, Map.of());
  }

  public RawIngestPlan {
    checkNotNull(catalog, "catalog must not be null");
    checkArgument(datasets != null && !datasets.isEmpty(), "at least one dataset is required");
    checkNotNull(symbols, "symbols must not be null: pass List.of() for none");
    checkNotNull(ciks, "ciks must not be null: pass List.of() for none");
    checkArgument(!from.isAfter(to), "from %s is after to %s", from, to);
    datasets = List.copyOf(datasets);
    symbols = List.copyOf(symbols);
    ciks = List.copyOf(ciks);
    credentials = Map.copyOf(credentials);
    firstDates = Map.copyOf(firstDates);
    planned = Map.copyOf(planned);
    for (VendorDataset dataset : datasets) {
      checkArgument(
          dataset.keyKind() == VendorDataset.KeyKind.NONE
              || planned.containsKey(dataset)
              || !(dataset.keyKind() == VendorDataset.KeyKind.CIK ? ciks : symbols).isEmpty(),
          "%s needs %s: pass at least one",
          dataset.id(),
          dataset.keyKind().flag());
    }
  }

  /**
   * The chunks of {@code dataset}: its {@link VendorDataset#splits}, without the ticker details of
   * a day before the ticker's first known day.
   */
  public List<RestSplit> splitsOf(VendorDataset dataset) {
    List<RestSplit> splits =
        planned.containsKey(dataset)
            ? planned.get(dataset)
            : dataset.splits(keysOf(dataset), from, to, options);
    if (dataset != VendorDataset.POLYGON_TICKER_DETAILS) {
      return splits;
    }
    List<RestSplit> known =
        splits.stream()
            .filter(s -> !s.from().isBefore(firstDates.getOrDefault(s.key(), LocalDate.MIN)))
            .toList();
    // Every day of the range before the first: the vendor's 404s say so, as without a history.
    return known.isEmpty() ? splits : known;
  }

  /** The keys {@code dataset} is fetched for. */
  public List<String> keysOf(VendorDataset dataset) {
    return switch (dataset.keyKind()) {
      case CIK -> ciks;
      case TICKER -> symbols;
      case NONE -> List.of();
    };
  }
}
