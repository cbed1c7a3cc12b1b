package io.pitlake.cli;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** What a fetching command asks the vendor for, shared by {@code backfill} and {@code live}. */
final class VendorInput {

  @Option(
      names = "--symbols",
      required = true,
      split = ",",
      paramLabel = "TICKER[,TICKER...]",
      converter = Converters.Ticker.class,
      description = "Tickers to fetch, comma-separated, e.g. AAPL,MSFT,NVDA.")
  List<String> symbols;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "YYYY-MM-DD",
      converter = Converters.IsoDate.class,
      description = "First session date to fetch, inclusive.")
  LocalDate from;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the built-in simulator's market (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The tickers in the order given, each once. */
  List<String> tickers() {
    return List.copyOf(new LinkedHashSet<>(symbols));
  }
}
