package io.pitlake.simulator;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Settings of the built-in simulator that the keyless CLI starts, so a user or a benchmark can make
 * it behave like a rate-limited plan or a flaky vendor without writing code.
 */
public final class SimulatorOptions {

  private SimulatorOptions() {}

  public static final ConfigOption<Integer> REQUESTS_PER_MINUTE =
      ConfigOptions.key("simulator.requests-per-minute")
          .intType()
          .defaultValue(0)
          .withDescription(
              "Requests per minute the simulator accepts per key before it answers 429, like a"
                  + " vendor plan (Polygon free: 5, Alpaca: 200); 0 means unlimited.");

  public static final ConfigOption<Double> CHAOS =
      ConfigOptions.key("simulator.chaos")
          .doubleType()
          .defaultValue(0.0)
          .withDescription(
              "Fraction of requests (0..1) every built-in simulator (Polygon, Alpaca, SEC, FMP)"
                  + " answers with a transient fault: 429, 503, a slow answer, a cut-off body, a"
                  + " dropped connection, an HTML error page with status 200 or a status-200 JSON"
                  + " body cut in half, in equal parts.");

  public static final ConfigOption<Double> ACTIONS_PER_YEAR =
      ConfigOptions.key("simulator.actions-per-year")
          .doubleType()
          .defaultValue(0.0)
          .withDescription(
              "Splits and cash dividends the Polygon and Alpaca simulators generate per symbol and"
                  + " year for every symbol outside their fixed catalogue, announced before their ex"
                  + " dates and reflected in raw prices; 0 (default) generates none, at most 12.");
  public static final ConfigOption<Integer> SEC_SYNTHETIC_FILERS =
      ConfigOptions.key("simulator.sec.synthetic-filers")
          .intType()
          .defaultValue(0)
          .withDescription(
              "How many made-up filers with ten years of 10-Q/10-K filings and XBRL facts the SEC"
                  + " simulator serves besides its fixed ones: the first three are AAPL, MSFT and"
                  + " NVDA under their real CIKs, the rest SY0003, SY0004, ... under CIKs from"
                  + " 9000003. 0 (the default) serves the fixed filers only.");

  public static final ConfigOption<Double> WEBSOCKET_SPEED =
      ConfigOptions.key("simulator.websocket-speed")
          .doubleType()
          .defaultValue(60.0)
          .withDescription(
              "How fast the simulators' websockets replay the last NYSE session's minute bars"
                  + " for a keyless `pitlake live --intraday polygon` (or alpaca): session seconds per"
                  + " second, 1 to 10000. The default 60 replays a minute a second.");

  public static final ConfigOption<Integer> WEBSOCKET_SESSIONS =
      ConfigOptions.key("simulator.websocket-sessions")
          .intType()
          .defaultValue(1)
          .withDescription(
              "How many NYSE sessions the simulators' websockets replay in a row for a keyless"
                  + " `pitlake live --intraday`: the last N sessions before today, oldest first,"
                  + " the replay's clock jumping from 20 minutes after each close to a minute"
                  + " before the next open. The default 1 replays the last session; e.g. 5 a"
                  + " week, for a soak test.");
}
