package io.pitlake.table;

import java.util.List;
import java.util.stream.Stream;

/**
 * The groups of SQL files under {@code sql/} that {@code pitlake build --layer} names, in
 * dependency order. Each table built by SQL names its layer in its declaration ({@link
 * PitlakeTables}); a layer's files are those tables' files, in the order the tables are declared,
 * which is the order they run in. A backfill of bars plans only {@link #BARS}: every other group
 * reads bronze tables that {@code pitlake ingest} fills, and planning a statement costs the job's
 * start even when its input is empty.
 *
 * <p>Here, beside the declarations, rather than in the job that runs it: a declaration names its
 * layer, and this module cannot see the job's.
 */
public enum Layer {
  SILVER,
  GOLD,
  /**
   * Reference data: news, tickers, the security master, corporate actions, filings, and the index
   * universes, which resolve their members through the security master this layer builds just
   * before them (a universe is reference data too: who was in an index when).
   */
  REFERENCE,
  /** The vendors' daily bars side by side ({@code silver.vendor_bars}). */
  VENDOR_BARS,
  /**
   * One-minute bars, from the live websocket feeds ({@code bronze.<vendor>_ws}) and the REST minute
   * datasets ({@code pitlake ingest}) alike, and their features ({@code gold.bar_features_minute});
   * {@code pitlake live --intraday} runs the same files in-stream.
   */
  INTRADAY,
  /**
   * Point-in-time adjustment factors and price checks (adjusted prices are silver bars joined to
   * the factors at read): reads silver bars and silver corporate actions, so it comes after both,
   * and a bars backfill does not plan it.
   */
  ADJUSTED,
  /**
   * The feature library ({@code gold.features_daily}), computed in each session's basis from the
   * factors known at each instant, and its cross-sections ({@code gold.cross_section_daily}): reads
   * the adjustment factors, so it comes after them. A layer of its own because it costs several
   * times the adjusted layer: a build of the adjusted prices alone need not pay for it.
   */
  FEATURES,
  /** Point-in-time fundamentals from SEC companyfacts and FMP statements ({@code ingest}). */
  FUNDAMENTALS,
  /**
   * The research panel: total-return bar features joined with the fundamentals known at each
   * session. Reads the security master, the adjustment factors and the fundamentals, so it comes
   * after their layers.
   */
  PANEL,
  /**
   * Options: the contracts listed on each day and their daily bars, from {@code
   * polygon.options_contracts} and {@code polygon.options_aggs_day} ({@code pitlake ingest}), and
   * the links of adjusted contracts, which read the splits of the reference layer; then each
   * contract's IV and Greeks and each underlying's surface, which read the stock bars and the
   * corporate actions too.
   */
  OPTIONS;

  /** What a bars backfill and a live run build after the ingest. */
  public static final List<Layer> BARS = List.of(SILVER, GOLD);

  /** The tables this layer builds, in the order their files run. */
  public List<TableSpec> tables() {
    return PitlakeTables.all().stream().filter(t -> t.layer() == this).toList();
  }

  /** The layer's SQL files, each named for the table it builds, in the order they run. */
  public List<String> files() {
    return tables().stream().map(TableSpec::sqlFile).toList();
  }

  /** The files of {@code layers}, layer by layer, each in the order it runs. */
  public static List<String> filesOf(Layer... layers) {
    return Stream.of(layers).flatMap(layer -> layer.files().stream()).toList();
  }
}
