package io.pitlake.job.ingest;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.source.rest.Credentials;
import java.time.LocalDate;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;

/**
 * What one ingest run fetches and where it writes.
 *
 * @param catalog the lake
 * @param symbols tickers as the vendor spells them
 * @param from first session date, inclusive
 * @param to last session date, inclusive; {@code null} for a live run, which follows the vendor's
 *     publications from {@code from} on and never ends
 * @param baseUrl the vendor's REST base URL (real, proxy or the simulator)
 * @param credentials where the API key comes from; never the key itself
 * @param options REST source, vendor and backfill options
 */
public record IngestPlan(
    CatalogConfig catalog,
    List<String> symbols,
    LocalDate from,
    @Nullable LocalDate to,
    String baseUrl,
    Credentials credentials,
    Configuration options) {

  public IngestPlan {
    checkNotNull(catalog, "catalog must not be null");
    checkArgument(symbols != null && !symbols.isEmpty(), "at least one symbol is required");
    checkNotNull(from, "from must not be null: pass the first session date");
    checkArgument(to == null || !from.isAfter(to), "from %s is after to %s", from, to);
    symbols = List.copyOf(symbols);
  }

  /** Whether the run follows the vendor instead of fetching a fixed range. */
  public boolean live() {
    return to == null;
  }
}
