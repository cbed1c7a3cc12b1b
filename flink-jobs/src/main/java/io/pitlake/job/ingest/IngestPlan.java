package io.pitlake.job.ingest;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.split.RestSplit;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * @param starts the first day of the symbols that start later than {@code from} ({@code pitlake
 *     update}: each from its newest session in the lake less the lookback, never after it, which
 *     lets a streaming run read only the recent committed silver bars)
 * @param clock the job's clock: what a live run asks the vendor's publication rule with, and what
 *     stamps each fetch (so a revision is dated by it); the system clock, or a test's that moves
 *     time through several sessions within one live job; serializable
 */
public record IngestPlan(
    CatalogConfig catalog,
    List<String> symbols,
    LocalDate from,
    @Nullable LocalDate to,
    String baseUrl,
    Credentials credentials,
    Configuration options,
    Map<String, LocalDate> starts,
    Clock clock) {

  /** A plan on the system clock. */
  public IngestPlan(
      CatalogConfig catalog,
      List<String> symbols,
      LocalDate from,
      @Nullable LocalDate to,
      String baseUrl,
      Credentials credentials,
      Configuration options,
      Map<String, LocalDate> starts) {
    this(catalog, symbols, from, to, baseUrl, credentials, options, starts, Clock.systemUTC());
  }

  /** A plan on the system clock that fetches every symbol from {@code from}. */
  public IngestPlan(
      CatalogConfig catalog,
      List<String> symbols,
      LocalDate from,
      @Nullable LocalDate to,
      String baseUrl,
      Credentials credentials,
      Configuration options) {
    this(catalog, symbols, from, to, baseUrl, credentials, options, Map.of());
  }

  public IngestPlan {
    checkNotNull(catalog, "catalog must not be null");
    checkArgument(symbols != null && !symbols.isEmpty(), "at least one symbol is required");
    checkNotNull(from, "from must not be null: pass the first session date");
    checkArgument(to == null || !from.isAfter(to), "from %s is after to %s", from, to);
    checkNotNull(clock, "clock must not be null: pass Clock.systemUTC()");
    symbols = List.copyOf(symbols);
    starts = Map.copyOf(starts);
    for (Map.Entry<String, LocalDate> start : starts.entrySet()) {
      checkArgument(
          symbols.contains(start.getKey()) && !start.getValue().isBefore(from),
          "start %s of %s must be of a symbol of the plan, not before from %s",
          start.getValue(),
          start.getKey(),
          from);
      checkArgument(
          to == null || !start.getValue().isAfter(to),
          "start %s of %s is after to %s",
          start.getValue(),
          start.getKey(),
          to);
    }
  }

  /** The first day fetched for {@code symbol}. */
  public LocalDate startOf(String symbol) {
    return starts.getOrDefault(symbol, from);
  }

  /**
   * The splits of a fixed-range run: {@code dataset}'s splits of each symbol from its start,
   * symbols that start on the same day together, the earliest start first.
   */
  public List<RestSplit> splitsOf(VendorDataset dataset) {
    checkArgument(!live(), "a live run has no fixed splits: it follows the vendor");
    Map<LocalDate, List<String>> byStart = new TreeMap<>();
    for (String symbol : symbols) {
      byStart.computeIfAbsent(startOf(symbol), d -> new ArrayList<>()).add(symbol);
    }
    List<RestSplit> splits = new ArrayList<>();
    byStart.forEach((start, group) -> splits.addAll(dataset.splits(group, start, to, options)));
    return splits;
  }

  /** Whether the run follows the vendor instead of fetching a fixed range. */
  public boolean live() {
    return to == null;
  }
}
