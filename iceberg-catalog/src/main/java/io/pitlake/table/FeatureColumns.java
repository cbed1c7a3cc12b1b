package io.pitlake.table;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The feature columns of {@code gold.features_daily}, in table order: FEATURES.md §1 (Qlib's
 * Alpha158, its names lower-cased, in {@code Alpha158DL.get_feature_config}'s order) then §2 (the
 * technical and liquidity set). One list feeds the table's schema, the computation's output row and
 * the documentation check, so the three cannot drift apart.
 */
public final class FeatureColumns {

  /** Qlib's rolling windows, in sessions. */
  public static final List<Integer> WINDOWS = List.of(5, 10, 20, 30, 60);

  /** The nine candle features of Alpha158's {@code kbar} group. */
  public static final List<String> KBAR =
      List.of("kmid", "klen", "kmid2", "kup", "kup2", "klow", "klow2", "ksft", "ksft2");

  /** Alpha158's {@code price} group, windows {@code [0]}. */
  public static final List<String> PRICE = List.of("open0", "high0", "low0", "vwap0");

  /** Alpha158's 29 rolling families; each is one column per window of {@link #WINDOWS}. */
  public static final List<String> ROLLING_FAMILIES =
      List.of(
          "roc", "ma", "std", "beta", "rsqr", "resi", "max", "min", "qtlu", "qtld", "rank", "rsv",
          "imax", "imin", "imxd", "corr", "cord", "cntp", "cntn", "cntd", "sump", "sumn", "sumd",
          "vma", "vstd", "wvma", "vsump", "vsumn", "vsumd");

  /** FEATURES.md §2, in its table's order. */
  public static final List<String> TECHNICAL =
      List.of(
          "ret_1d",
          "ret_5d",
          "ret_21d",
          "ret_63d",
          "ret_126d",
          "ret_252d",
          "vol_5d",
          "vol_21d",
          "vol_63d",
          "rsi_14",
          "macd",
          "macd_signal",
          "macd_hist",
          "bb_pctb_20",
          "atr_14",
          "natr_14",
          "mom_12_1",
          "reversal_5d",
          "amihud_21",
          "vol_surprise_20",
          "dollar_volume",
          "high_52w_ratio");

  /**
   * The features FEATURES.md §3 ranks and standardises across each session's symbols, in {@code
   * gold.cross_section_daily}'s order.
   */
  public static final List<String> CROSS_SECTIONAL =
      List.of("ret_1d", "ret_21d", "vol_21d", "mom_12_1", "amihud_21", "rsi_14");

  /** The market-adjusted return of {@code gold.cross_section_daily}, its last column. */
  public static final String MARKET_ADJUSTED = "ret_1d_mkt_adj";

  /**
   * The statistics columns of {@code gold.cross_section_daily}, in table order: {@code cs_rank_<f>}
   * and {@code cs_z_<f>} for each f of {@link #CROSS_SECTIONAL}, then {@link #MARKET_ADJUSTED}.
   */
  public static final List<String> CROSS_SECTION = crossSection();

  /** The 158 Alpha158 columns: kbar, price, then each rolling family over every window. */
  public static final List<String> ALPHA158 = alpha158();

  /** Every feature column: {@link #ALPHA158} then {@link #TECHNICAL}. */
  public static final List<String> ALL =
      Stream.concat(ALPHA158.stream(), TECHNICAL.stream()).toList();

  private FeatureColumns() {}

  /** The position of {@code column} in {@link #ALL}, for the computations that fill a row. */
  public static int indexOf(String column) {
    int index = ALL.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s is not a feature column of gold.features_daily; see FeatureColumns.ALL", column));
    }
    return index;
  }

  private static List<String> crossSection() {
    List<String> names = new ArrayList<>();
    for (String f : CROSS_SECTIONAL) {
      names.add("cs_rank_" + f);
      names.add("cs_z_" + f);
    }
    names.add(MARKET_ADJUSTED);
    return List.copyOf(names);
  }

  private static List<String> alpha158() {
    List<String> names = new ArrayList<>(KBAR);
    names.addAll(PRICE);
    for (String family : ROLLING_FAMILIES) {
      for (int d : WINDOWS) {
        names.add(family + d);
      }
    }
    return List.copyOf(names);
  }
}
