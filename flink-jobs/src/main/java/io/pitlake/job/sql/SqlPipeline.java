package io.pitlake.job.sql;

import java.util.List;

/** The SQL files that build silver and gold, in dependency order. */
public final class SqlPipeline {

  private SqlPipeline() {}

  public static final List<String> SILVER = List.of("silver/bars_daily.sql");
  public static final List<String> GOLD = List.of("gold/bar_features_daily.sql");
}
