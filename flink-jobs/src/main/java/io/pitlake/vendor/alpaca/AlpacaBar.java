package io.pitlake.vendor.alpaca;

import static io.pitlake.vendor.VendorJson.integer;
import static io.pitlake.vendor.VendorJson.number;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.MinuteBarAvailability;
import io.pitlake.vendor.VendorJson;
import io.pitlake.vendor.polygon.PolygonDailyBarAvailability;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One Alpaca bar, as an element of {@link AlpacaBarsProtocol} ({@code S} = symbol).
 *
 * <p>Alpaca labels bars by the start of their window ({@code t}, RFC 3339 UTC): a daily bar by
 * 00:00 America/New_York of its session (alpaca.md), the same instant as Polygon's {@code t}, so
 * both vendors' bars of one session share {@link #eventTime()}. {@code n} and {@code vw} are
 * optional, as in older Alpaca payloads.
 */
public record AlpacaBar(
    String symbol,
    Instant eventTime,
    @Nullable Double o,
    @Nullable Double h,
    @Nullable Double l,
    @Nullable Double c,
    @Nullable Double v,
    @Nullable Long n,
    @Nullable Double vw) {

  private static final String WHAT = "Alpaca bar";

  public static AlpacaBar parse(String json) {
    JsonNode bar = VendorJson.object(json, WHAT);
    return new AlpacaBar(
        VendorJson.requiredText(bar, "S", WHAT),
        VendorJson.requiredInstant(bar, "t", WHAT),
        number(bar, "o"),
        number(bar, "h"),
        number(bar, "l"),
        number(bar, "c"),
        number(bar, "v"),
        integer(bar, "n"),
        number(bar, "vw"));
  }

  /** The New York date of {@code t}: for a daily bar, its session. */
  public LocalDate sessionDate() {
    return eventTime.atZone(NyseCalendar.ZONE).toLocalDate();
  }

  /**
   * Window end plus {@code publicationDelay}. A daily bar's window ends when after-hours trading
   * ends (20:00 New York, 17:00 on early-close days), the rule of Polygon's daily bars: Alpaca does
   * not document whether its daily bar includes extended hours, and assuming it does is the choice
   * that cannot show a backtest trades it could not have known.
   */
  public Instant availableAt(AlpacaTimeframe timeframe, Duration publicationDelay) {
    return switch (timeframe) {
      case DAY -> new PolygonDailyBarAvailability(publicationDelay).availableAt(sessionDate());
      case MINUTE -> new MinuteBarAvailability(publicationDelay).availableAt(eventTime);
    };
  }
}
