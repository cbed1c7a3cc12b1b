package io.pitlake.vendor;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * When a one-minute bar became knowable: the end of its minute plus the vendor's publication delay.
 *
 * <p>Both Polygon ({@code t}, Unix ms) and Alpaca ({@code t}, RFC 3339) label a bar by the start of
 * its window, so the window ends one minute later. Trades may be reported up to 10 s late and
 * Alpaca re-sends such bars about 30 s after the minute (alpaca.md, "updated bar"); delayed plans
 * see them 15 minutes late. The delay is configurable so a real-time plan can lower it.
 */
public final class MinuteBarAvailability implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The length of the window a minute bar aggregates. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private final Duration publicationDelay;

  public MinuteBarAvailability(Duration publicationDelay) {
    checkNotNull(publicationDelay, "publication delay must not be null");
    checkArgument(
        !publicationDelay.isNegative(),
        "the minute-bar publication delay must not be negative, got %s",
        publicationDelay);
    this.publicationDelay = publicationDelay;
  }

  /** The availability of the bar whose window starts at {@code windowStart}. */
  public Instant availableAt(Instant windowStart) {
    return windowStart.plus(WINDOW).plus(publicationDelay);
  }
}
