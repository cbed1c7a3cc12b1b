package io.pitlake.export;

/** Which instant each exported row is as known at. */
public enum ExportMode {
  /**
   * Every row as known at one instant T: revisions and actions known by T applied, nothing known
   * after T ({@code sql/reads/bars_daily_adjusted.sql}).
   */
  AS_OF,
  /**
   * Each symbol × session as first known, at the later of its bar's first {@code available_at} and
   * its decision instant ({@code sql/reads/bars_daily_first_known.sql}): what a backtest stepping
   * through time saw, with no revision or later action reaching back.
   */
  FIRST_KNOWN
}
