package io.pitlake.vendor.polygon;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.VendorJson;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One daily aggregate of one ticker as Polygon serves it with {@code adjusted=true}: prices
 * multiplied by the splits the vendor knew when it answered, so the same session's adjusted close
 * changes with every later split.
 *
 * <p>That is why it is dated by its fetch and not by its session: the adjusted value fetched at F
 * reflects the actions known at F, and nothing says it was served before F. {@link
 * #availableAt(PolygonDailyBarAvailability, Instant)} is the later of the raw daily-bar rule and
 * the fetch, so a backtest at T never reads an adjustment made after T.
 *
 * @param symbol the split's ticker (range aggregates do not repeat it per result)
 *     <p>Only the identity is typed here: the prices stay in the bronze payload, which {@code
 *     sql/gold/price_dq.sql} reads.
 * @param eventTime the vendor's {@code t}: 00:00 America/New_York of the session
 */
public record PolygonAdjustedDayBar(String symbol, Instant eventTime) {

  private static final String WHAT = "Polygon adjusted daily bar";

  public PolygonAdjustedDayBar {
    checkArgument(
        symbol != null && !symbol.isBlank(), "%s needs the split's ticker, got '%s'", WHAT, symbol);
    checkNotNull(eventTime, "%s needs its start t", WHAT);
  }

  /** Reads one result of the page fetched for {@code symbol}. */
  public static PolygonAdjustedDayBar parse(String json, String symbol) {
    JsonNode bar = VendorJson.object(json, WHAT);
    return new PolygonAdjustedDayBar(
        symbol, Instant.ofEpochMilli(VendorJson.requiredInteger(bar, "t", WHAT)));
  }

  /** The New York date of {@code t}: the session the bar aggregates. */
  public LocalDate session() {
    return LocalDate.ofInstant(eventTime, NyseCalendar.ZONE);
  }

  /**
   * The later of the raw bar's rule (extended close plus delay) and {@code fetchedAt}: the
   * adjustment is the vendor's as of the fetch.
   */
  public Instant availableAt(PolygonDailyBarAvailability rule, Instant fetchedAt) {
    Instant barKnown = rule.availableAt(session());
    return barKnown.isAfter(fetchedAt) ? barKnown : fetchedAt;
  }
}
