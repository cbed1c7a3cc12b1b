package io.pitlake.vendor.alpaca;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Alpaca Market Data settings, readable from a config file ({@code alpaca.*}). */
public final class AlpacaOptions {

  private AlpacaOptions() {}

  public static final ConfigOption<String> BASE_URL =
      ConfigOptions.key("alpaca.base-url")
          .stringType()
          .defaultValue("https://data.alpaca.markets")
          .withDescription(
              "Alpaca Market Data REST base URL. Point it at a proxy, the simulator or"
                  + " https://data.sandbox.alpaca.markets.");

  public static final ConfigOption<String> API_KEY_ID_ENV =
      ConfigOptions.key("alpaca.api-key-id-env")
          .stringType()
          .defaultValue("APCA_API_KEY_ID")
          .withDescription(
              "Name of the environment variable holding the API key id (sent as the"
                  + " APCA-API-KEY-ID header). The default is the name Alpaca's SDKs read.");

  public static final ConfigOption<String> API_SECRET_KEY_ENV =
      ConfigOptions.key("alpaca.api-secret-key-env")
          .stringType()
          .defaultValue("APCA_API_SECRET_KEY")
          .withDescription(
              "Name of the environment variable holding the API secret key (sent as the"
                  + " APCA-API-SECRET-KEY header). The secret itself is never written to"
                  + " configuration, URLs, logs or tables.");

  public static final ConfigOption<String> API_KEY_FILE =
      ConfigOptions.key("alpaca.api-key-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "File whose first line is KEY_ID:SECRET, used instead of the two environment"
                  + " variables when set, e.g. a mounted Kubernetes Secret.");

  public static final ConfigOption<Integer> REQUESTS_PER_MINUTE =
      ConfigOptions.key("alpaca.requests-per-minute")
          .intType()
          .defaultValue(200)
          .withDescription(
              "Requests per minute the whole job may send to Alpaca: 200 on the free plan, 10,000"
                  + " on Algo Trader Plus. Becomes rest.requests-per-second = this / 60.");

  public static final ConfigOption<AlpacaFeed> FEED =
      ConfigOptions.key("alpaca.bars.feed")
          .enumType(AlpacaFeed.class)
          .defaultValue(AlpacaFeed.SIP)
          .withDescription(
              "The 'feed' of bars: sip (all US exchanges; free for data older than 15 minutes),"
                  + " iex, delayed_sip, otc, boats or overnight. Always sent, since Alpaca's"
                  + " default depends on the plan.");

  public static final ConfigOption<AlpacaAdjustment> ADJUSTMENT =
      ConfigOptions.key("alpaca.bars.adjustment")
          .enumType(AlpacaAdjustment.class)
          .defaultValue(AlpacaAdjustment.RAW)
          .withDescription(
              "The 'adjustment' of bars: raw (the default: prices as traded; pitlake adjusts as"
                  + " of a point in time itself), split, dividend or all. Adjusted prices change"
                  + " whenever a new action is known, so they are not point-in-time.");

  public static final ConfigOption<AlpacaTimeframe> TIMEFRAME =
      ConfigOptions.key("alpaca.bars.timeframe")
          .enumType(AlpacaTimeframe.class)
          .defaultValue(AlpacaTimeframe.DAY)
          .withDescription("The bar length: day (1Day) or minute (1Min).");

  public static final ConfigOption<Integer> BARS_PAGE_SIZE =
      ConfigOptions.key("alpaca.bars.page-size")
          .intType()
          .defaultValue(10_000)
          .withDescription(
              "Bars per page (the 'limit', 1..10000), counted across all symbols of a request.");

  public static final ConfigOption<Integer> SYMBOLS_PER_REQUEST =
      ConfigOptions.key("alpaca.bars.symbols-per-request")
          .intType()
          .defaultValue(100)
          .withDescription(
              "How many symbols one split asks for in one request ('symbols=A,B,..'). More"
                  + " symbols mean fewer requests under the per-minute limit; the URL stays well"
                  + " below common 8 KiB limits at 100.");

  public static final ConfigOption<Duration> DAY_PUBLICATION_DELAY =
      ConfigOptions.key("alpaca.bars.day.publication-delay")
          .durationType()
          .defaultValue(Duration.ofMinutes(15))
          .withDescription(
              "Time after the end of a daily bar's window (20:00 America/New_York, 17:00 on"
                  + " early-close days) until Alpaca serves the final bar.");

  public static final ConfigOption<Duration> MINUTE_PUBLICATION_DELAY =
      ConfigOptions.key("alpaca.bars.minute.publication-delay")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription(
              "Time after the end of a minute bar's window until it is known: available_at ="
                  + " bar start + 1 minute + this delay. The default is when Alpaca's stream"
                  + " delivers the bar (1-3 s after the minute), so a backtest on REST minutes"
                  + " sees each minute when a live job did, with the values late trades settled"
                  + " (updatedBars, ~30 s later). PT15M is the conservative setting, and the"
                  + " free plan's: SIP data is served only after 15 minutes.");

  public static final ConfigOption<Integer> NEWS_PAGE_SIZE =
      ConfigOptions.key("alpaca.news.page-size")
          .intType()
          .defaultValue(50)
          .withDescription("Articles per page (the 'limit', 1..50).");

  public static final ConfigOption<Integer> CORPORATE_ACTIONS_PAGE_SIZE =
      ConfigOptions.key("alpaca.corporate-actions.page-size")
          .intType()
          .defaultValue(1000)
          .withDescription("Corporate actions per page (the 'limit', 1..1000).");

  public static final ConfigOption<String> WEBSOCKET_URL =
      ConfigOptions.key("alpaca.websocket-url")
          .stringType()
          .defaultValue("wss://stream.data.alpaca.markets/v2/iex")
          .withDescription(
              "Alpaca's market-data websocket for pitlake live --intraday alpaca:"
                  + " wss://stream.data.alpaca.markets/v2/iex (the free plan's feed), /v2/sip"
                  + " (paid plans: all US exchanges) or /v2/test (symbol FAKEPACA, always on)."
                  + " Environment: ALPACA_WEBSOCKET_URL.");
}
