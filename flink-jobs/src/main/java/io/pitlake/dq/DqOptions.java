package io.pitlake.dq;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of write-audit-publish ({@link Audit}) and its gates' thresholds. */
public final class DqOptions {

  private DqOptions() {}

  public static final ConfigOption<Boolean> AUDIT =
      ConfigOptions.key("dq.audit")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Write-audit-publish: build, backfill and update write silver and gold to the Iceberg"
                  + " branch dq.branch, run the gates (sql/dq/) on it, and move main only when no"
                  + " blocking gate finds anything; the --audit flag sets it. Off by default (see"
                  + " docs/operations.md, 'Why a flag, not the default').");

  public static final ConfigOption<String> BRANCH =
      ConfigOptions.key("dq.branch")
          .stringType()
          .defaultValue("audit")
          .withDescription(
              "The branch an audited build writes. Each audit starts it afresh from main; a"
                  + " blocked build leaves it for inspection (FOR VERSION AS OF 'audit' in Trino,"
                  + " the Flink read option 'branch').");

  public static final ConfigOption<Integer> STALE_SESSIONS =
      ConfigOptions.key("dq.stale.sessions")
          .intType()
          .defaultValue(5)
          .withDescription(
              "Gate stale_close: the consecutive NYSE sessions an unchanged close must span to be"
                  + " a finding.");

  public static final ConfigOption<Double> MINUTE_TOLERANCE =
      ConfigOptions.key("dq.minute.tolerance")
          .doubleType()
          .defaultValue(0.01)
          .withDescription(
              "Gate minute_vs_daily: the relative difference (0.01 = 1%) allowed between a daily"
                  + " bar's open, high, low, close, volume and what its regular-session minutes"
                  + " make.");

  public static final ConfigOption<Integer> PUBLISH_TAGS_RETAIN =
      ConfigOptions.key("dq.publish-tags.retain")
          .intType()
          .defaultValue(30)
          .withDescription(
              "How many publish-<audit id> tags each publish keeps (the newest; at least 1): every"
                  + " publish tags every table, and a tag keeps its snapshots from pitlake"
                  + " maintain's expiry. Older publish tags are removed by the next publish; tags a"
                  + " user made (pitlake tag create) are never removed.");
}
