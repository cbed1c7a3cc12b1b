package io.pitlake.job.sql;

import io.pitlake.adjustment.AdjustmentKnownAtFunction;
import io.pitlake.job.ingest.TradeFieldsFunction;
import io.pitlake.options.OccTickerPartsFunction;
import io.pitlake.options.OptionContractFieldsFunction;
import io.pitlake.panel.SessionDecisionAtFunction;
import io.pitlake.time.NewYorkDateFunction;
import io.pitlake.time.NyseSessionDateFunction;
import io.pitlake.time.NyseSessionIndexFunction;
import io.pitlake.vendor.BarFieldsFunction;
import io.pitlake.vendor.BarPriceRuleFunction;
import io.pitlake.vendor.SymbolsFunction;
import java.util.Map;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.UserDefinedFunction;

/**
 * Every function pitlake's SQL calls, registered once per table environment: the SQL files use them
 * without declaring them, so two files cannot declare one name differently, and {@code pitlake
 * query} has the same functions as the jobs.
 */
public final class SqlFunctions {

  /** SQL name to implementation. */
  static final Map<String, Class<? extends UserDefinedFunction>> ALL =
      Map.ofEntries(
          Map.entry("pitlake_symbols", SymbolsFunction.class),
          Map.entry("bar_fields", BarFieldsFunction.class),
          Map.entry("trade_fields", TradeFieldsFunction.class),
          Map.entry("option_contract_fields", OptionContractFieldsFunction.class),
          Map.entry("occ_ticker_parts", OccTickerPartsFunction.class),
          Map.entry("bar_price_rule", BarPriceRuleFunction.class),
          Map.entry("new_york_date", NewYorkDateFunction.class),
          Map.entry("nyse_session_date", NyseSessionDateFunction.class),
          Map.entry("nyse_session_index", NyseSessionIndexFunction.class),
          Map.entry("adjustment_known_at", AdjustmentKnownAtFunction.class),
          Map.entry("session_decision_at", SessionDecisionAtFunction.class));

  private SqlFunctions() {}

  /** Registers every function as a temporary system function of {@code tableEnv}. */
  static void registerAll(TableEnvironment tableEnv) {
    ALL.forEach(tableEnv::createTemporarySystemFunction);
  }
}
