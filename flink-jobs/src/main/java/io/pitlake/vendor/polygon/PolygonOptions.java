package io.pitlake.vendor.polygon;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Polygon settings, readable from a config file ({@code polygon.*}) or the environment. */
public final class PolygonOptions {

  private PolygonOptions() {}

  public static final ConfigOption<String> BASE_URL =
      ConfigOptions.key("polygon.base-url")
          .stringType()
          .defaultValue("https://api.massive.com")
          .withDescription(
              "Polygon (Massive) REST base URL. Point it at a proxy, a recorded-response server"
                  + " or api.staging.massive.com. Environment: POLYGON_BASE_URL.");

  public static final ConfigOption<String> API_KEY_ENV =
      ConfigOptions.key("polygon.api-key-env")
          .stringType()
          .defaultValue("POLYGON_API_KEY")
          .withDescription(
              "Name of the environment variable holding the API key. The key itself is never"
                  + " written to configuration, logs or tables.");

  public static final ConfigOption<String> API_KEY_FILE =
      ConfigOptions.key("polygon.api-key-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "File holding the API key (first line), used instead of the environment variable"
                  + " when set, e.g. a mounted Kubernetes Secret.");

  public static final ConfigOption<Duration> PUBLICATION_DELAY =
      ConfigOptions.key("polygon.aggs-day.publication-delay")
          .durationType()
          .defaultValue(Duration.ofMinutes(15))
          .withDescription(
              "Time after the end of the daily bar's window (20:00 America/New_York, 17:00 on"
                  + " early-close days: the bar includes after-hours trading) until Polygon"
                  + " serves the final bar. available_at = window end + this delay.");

  public static final ConfigOption<Integer> PAGE_SIZE =
      ConfigOptions.key("polygon.aggs.page-size")
          .intType()
          .defaultValue(50_000)
          .withDescription("Results per aggregates page (the 'limit' parameter, 1..50000).");

  public static final ConfigOption<Integer> REFERENCE_PAGE_SIZE =
      ConfigOptions.key("polygon.reference.page-size")
          .intType()
          .defaultValue(1000)
          .withDescription(
              "Results per page of splits, dividends and news (the 'limit' parameter, 1..1000)."
                  + " Polygon's default is 10, which would cost 100 times the requests.");

  public static final ConfigOption<Duration> MINUTE_PUBLICATION_DELAY =
      ConfigOptions.key("polygon.aggs-minute.publication-delay")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription(
              "Time after the end of a minute bar's window until it is known: available_at ="
                  + " bar start + 1 minute + this delay. The default is when the real-time"
                  + " websocket delivers the bar's first version, so a backtest on REST minutes"
                  + " sees each minute when a live job did (with the settled values, which live"
                  + " saw only after Polygon's re-sends of up to ~15 minutes). PT15M is the"
                  + " conservative setting: a minute is used only once it has settled, as on the"
                  + " 15-minute delayed plans.");

  public static final ConfigOption<String> WEBSOCKET_URL =
      ConfigOptions.key("polygon.websocket-url")
          .stringType()
          .defaultValue("wss://socket.massive.com/stocks")
          .withDescription(
              "Polygon (Massive) stocks websocket: wss://socket.massive.com/stocks (real time) or"
                  + " wss://delayed.massive.com/stocks (15-minute delayed plans); the polygon.io"
                  + " hosts are the same service. Environment: POLYGON_WEBSOCKET_URL.");
}
