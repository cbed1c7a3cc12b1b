package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A vendor correction: from {@code effectiveAt} on, the simulator serves a changed bar for {@code
 * symbol} on {@code session}, and before it the original.
 *
 * <p>Point-in-time storage exists because vendors restate history; this lets tests reproduce a
 * restatement and check that a read "as of" an earlier time still sees the original bar.
 *
 * @param symbol the ticker, exactly as requested in the URL
 * @param session an NYSE session date
 * @param effectiveAt the first instant (by the simulator's clock) at which the revision is served
 */
public record Revision(String symbol, LocalDate session, Instant effectiveAt) {

  public Revision {
    checkArgument(symbol != null && !symbol.isBlank(), "revision symbol must not be blank");
    checkNotNull(session, "revision session must not be null");
    checkNotNull(effectiveAt, "revision effectiveAt must not be null");
  }
}
