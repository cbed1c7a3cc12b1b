package io.pitlake.source.rest;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.source.rest.split.RestSplit;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Makes a REST source never end: it keeps looking for days the vendor has newly published and
 * fetches them, which is how a live job follows a daily dataset (bars of each session after its
 * close plus the vendor's delay).
 *
 * <p>A bounded backfill knows its splits up front; a following source knows only its keys and its
 * first day, and asks {@link #availableThrough} every {@link #interval} which day is the newest the
 * vendor serves by now. Each newly published day is fetched together with the {@link #lookback}
 * days before it, so revisions the vendor makes to recent days arrive too; the ingest's versioning
 * keeps a row that did not change from becoming a new version.
 *
 * @param keys the vendor keys (tickers) to follow
 * @param from the first day to fetch
 * @param chunk the date range of one split, see {@link RestSplit#chunks}
 * @param lookback how many days before each newly published day are fetched again
 * @param availableThrough the newest day published by an instant
 * @param interval how often to ask
 * @param clock the clock {@link #availableThrough} is asked with
 */
public record FollowMode(
    List<String> keys,
    LocalDate from,
    Period chunk,
    Period lookback,
    AvailableThrough availableThrough,
    Duration interval,
    Clock clock)
    implements Serializable {

  /** The newest day a vendor has published by an instant. */
  @FunctionalInterface
  public interface AvailableThrough extends Serializable {
    /** The newest published day at {@code now}, or {@code null} when nothing is published yet. */
    @Nullable
    LocalDate at(Instant now);
  }

  public FollowMode {
    keys = List.copyOf(checkNotNull(keys, "keys must not be null: pass the tickers to follow"));
    checkArgument(!keys.isEmpty(), "keys must not be empty: pass at least one ticker to follow");
    checkNotNull(from, "from must not be null: pass the first day to fetch");
    checkNotNull(chunk, "chunk must not be null: pass e.g. P1Y");
    checkArgument(
        lookback != null && !lookback.isNegative(),
        "lookback %s must be zero or positive, e.g. P10D",
        lookback);
    checkNotNull(availableThrough, "availableThrough must not be null");
    checkArgument(
        interval != null && !interval.isNegative() && !interval.isZero(),
        "interval %s must be positive, e.g. PT5M",
        interval);
    checkNotNull(clock, "clock must not be null: pass Clock.systemUTC()");
  }

  /**
   * The splits that fetch what was published after {@code coveredTo} up to {@code newest}, with the
   * lookback; empty when nothing new is published.
   *
   * @param coveredTo the newest day already asked for, {@code null} before the first discovery
   * @param newest what {@link #availableThrough} returned
   */
  public List<RestSplit> splitsAfter(@Nullable LocalDate coveredTo, @Nullable LocalDate newest) {
    if (newest == null
        || newest.isBefore(from)
        || (coveredTo != null && !newest.isAfter(coveredTo))) {
      return List.of();
    }
    LocalDate start = coveredTo == null ? from : coveredTo.plusDays(1).minus(lookback);
    if (start.isBefore(from)) {
      start = from;
    }
    return RestSplit.chunks(keys, start, newest, chunk);
  }
}
