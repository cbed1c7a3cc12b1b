package io.pitlake.report;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of {@code pitlake report} ({@code report.*} in a config file). */
public final class ReportOptions {

  private ReportOptions() {}

  public static final ConfigOption<Integer> HEATMAP_SYMBOLS =
      ConfigOptions.key("report.heatmap-symbols")
          .intType()
          .defaultValue(60)
          .withDescription(
              "Symbols the coverage heatmap draws beneath its row of all symbols: those missing the"
                  + " most sessions. Keeps the page readable and small on a lake of hundreds of"
                  + " symbols; every symbol still counts in the totals and the gap list.");

  public static final ConfigOption<Integer> LISTED =
      ConfigOptions.key("report.listed")
          .intType()
          .defaultValue(200)
          .withDescription(
              "Gaps and open findings the report names one by one (each list's first, by symbol"
                  + " and date for gaps, newest first for findings); all are counted.");
}
