package io.pitlake.cli;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import javax.annotation.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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

  /**
   * Required by {@code backfill}, and by {@code live} without {@code --intraday}: see {@link
   * #from}.
   */
  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD",
      converter = Converters.IsoDate.class,
      description = "First session date to fetch, inclusive.")
  LocalDate from;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the built-in simulator's market (default: ${DEFAULT-VALUE}).")
  long seed;

  /**
   * {@code --from}, or {@code fallback} when it is not given and the command has one; picocli's own
   * message when neither.
   */
  LocalDate from(CommandSpec spec, @Nullable LocalDate fallback) {
    if (from != null) {
      return from;
    }
    if (fallback != null) {
      return fallback;
    }
    throw new ParameterException(
        spec.commandLine(), "Missing required option: '--from=YYYY-MM-DD'");
  }

  /** The tickers in the order given, each once. */
  List<String> tickers() {
    return List.copyOf(new LinkedHashSet<>(symbols));
  }
}
