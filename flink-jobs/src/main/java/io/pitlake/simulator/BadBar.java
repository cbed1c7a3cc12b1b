package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.LocalDate;

/**
 * A bar the simulator serves broken on purpose, so that tests can prove the pipeline quarantines
 * bad vendor data instead of writing it to silver.
 *
 * @param symbol the ticker, exactly as requested in the URL
 * @param date an NYSE session, or for {@link BadBarKind#CLOSED_DAY} a weekend or holiday
 * @param kind how the bar is broken
 */
public record BadBar(String symbol, LocalDate date, BadBarKind kind) {

  public BadBar {
    checkArgument(symbol != null && !symbol.isBlank(), "bad bar symbol must not be blank");
    checkNotNull(date, "bad bar date must not be null");
    checkNotNull(kind, "bad bar kind must not be null");
  }
}
