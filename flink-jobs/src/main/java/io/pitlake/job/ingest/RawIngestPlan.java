package io.pitlake.job.ingest;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.source.rest.Credentials;
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
 */
public record RawIngestPlan(
    CatalogConfig catalog,
    List<VendorDataset> datasets,
    List<String> symbols,
    List<String> ciks,
    LocalDate from,
    LocalDate to,
    Map<String, Credentials> credentials,
    Configuration options) {

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
    for (VendorDataset dataset : datasets) {
      checkArgument(
          dataset.keyKind() == VendorDataset.KeyKind.NONE
              || !(dataset.keyKind() == VendorDataset.KeyKind.CIK ? ciks : symbols).isEmpty(),
          "%s needs %s: pass at least one",
          dataset.id(),
          dataset.keyKind().flag());
    }
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
