package io.pitlake.dq;

import javax.annotation.Nullable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The data-quality gates of an audit. Each but {@link #ROW_COUNT} is a query in {@code
 * sql/dq/<id>.sql} that returns one row per finding ({@code symbol, session_date, detail}); its
 * severity is the option {@code dq.<id>.severity}.
 */
public enum Gate {
  SESSION_COVERAGE(
      "session_coverage",
      Severity.BLOCK,
      "NYSE sessions without a daily bar (silver.bars_daily) in a symbol's history, or after its"
          + " last bar while other symbols have newer ones.",
      null),
  OHLC(
      "ohlc",
      Severity.BLOCK,
      "Daily bars whose low, high, open, close or volume break OHLC.",
      null),
  STALE_CLOSE(
      "stale_close",
      Severity.WARN,
      "A close unchanged for dq.stale.sessions consecutive sessions (a halted or repeating feed;"
          + " a warning by default, since an illiquid symbol can do it).",
      null),
  UNEXPLAINED_JUMP(
      "unexplained_jump",
      Severity.BLOCK,
      "An overnight move gold.price_dq calls unexplained_jump with no split of that ex date: a"
          + " likely missing split.",
      null),
  MINUTE_VS_DAILY(
      "minute_vs_daily",
      Severity.WARN,
      "Regular-session minute bars that do not make the daily bar within dq.minute.tolerance (a"
          + " warning by default: a feed that missed minutes is common and the daily bar is the"
          + " vendor's own).",
      "its evidence, the day's minute bars, is withheld with the day, so the next audit would find"
          + " nothing to judge and release the day unchanged"),
  ROW_COUNT(
      "row_count",
      Severity.BLOCK,
      "A table with fewer rows than at the previous publish: every table is insert-only, so a"
          + " build that loses rows lost its input.",
      "it judges whole tables, not symbol-days");

  private final String id;
  private final ConfigOption<Severity> severity;
  private final @Nullable String noQuarantine;

  /**
   * @param noQuarantine why the gate cannot quarantine, or null when it can
   */
  Gate(String id, Severity severity, String what, @Nullable String noQuarantine) {
    this.id = id;
    this.noQuarantine = noQuarantine;
    this.severity =
        ConfigOptions.key("dq." + id + ".severity")
            .enumType(Severity.class)
            .defaultValue(severity)
            .withDescription(
                what
                    + " BLOCK stops the publish of a build with a finding (main is unchanged);"
                    + (noQuarantine != null
                        ? " Not QUARANTINE: " + noQuarantine + ";"
                        : " QUARANTINE withholds the symbol's bars from the finding's day on"
                            + " (silver.quarantine, stage dq) and publishes the rest, until an"
                            + " audit passes them;")
                    + " WARN records it in gold.dq_results and publishes.");
  }

  /** The gate's name in {@code gold.dq_results} and its option keys. */
  public String id() {
    return id;
  }

  /** Its option {@code dq.<id>.severity}. */
  public ConfigOption<Severity> severity() {
    return severity;
  }

  /**
   * Why {@link Severity#QUARANTINE} is refused for this gate ({@code Audit.begin}), or null when
   * its findings can be withheld.
   */
  @Nullable
  public String noQuarantine() {
    return noQuarantine;
  }

  /**
   * Its query under {@code sql/}, or null for the one gate that is not SQL ({@link #ROW_COUNT}).
   */
  @Nullable
  public String file() {
    return this == ROW_COUNT ? null : "dq/" + id + ".sql";
  }
}
