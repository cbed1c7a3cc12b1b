package io.pitlake.fundamentals;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * The rows of {@code gold.fundamentals_pit} for one vendor and CIK: {@link PointInTimeFundamentals}
 * over every curated value of the security, superseded ones included.
 *
 * <p>Why a keyed view: choosing, per knowledge instant, the latest-known value of every (item,
 * period) and deriving quarters and trailing twelve months from year-to-dates is a fold over a
 * security's few hundred values. In SQL it would be a non-equi join of every value with every later
 * instant plus several self-joins per rule, and in streaming a grouping that retracts. Computed
 * once per security after all its values arrived, the rows are appended once and never changed.
 *
 * <p>Input ({@code curated_values} in {@code sql/gold/fundamentals_pit.sql}): {@code vendor, cik,
 * item} (a {@link LineItem} in lower case), {@code priority, period_start, period_end, value,
 * available_at, ingested_at, accession_number, form}.
 */
public record FundamentalsSnapshots() implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/gold/fundamentals_pit.sql} reads, one computation per vendor and CIK. */
  public static final KeyedView VIEW =
      new KeyedView(
          "fundamentals_snapshots",
          "curated_values",
          List.of("vendor", "cik"),
          new FundamentalsSnapshots());

  private static final String[] COLUMNS = {
    "vendor",
    "cik",
    "available_at",
    "event_time",
    "ingested_at",
    "accession_number",
    "form",
    "fiscal_quarter_end",
    "balance_sheet_date",
    "revenue_q",
    "revenue_ttm",
    "revenue_ttm_year_ago",
    "net_income_q",
    "net_income_ttm",
    "eps_diluted_q",
    "eps_diluted_ttm",
    "operating_cash_flow_q",
    "operating_cash_flow_ttm",
    "total_assets",
    "total_liabilities",
    "stockholders_equity",
    "cash",
    "cash_equivalents",
    "shares_outstanding"
  };

  /** The columns of {@code gold.fundamentals_pit}, in its order. */
  @Override
  public TypeInformation<Row> outputType() {
    TypeInformation<?>[] types = new TypeInformation<?>[COLUMNS.length];
    types[0] = Types.STRING;
    types[1] = Types.LONG;
    types[2] = Types.INSTANT;
    types[3] = Types.INSTANT;
    types[4] = Types.INSTANT;
    types[5] = Types.STRING;
    types[6] = Types.STRING;
    types[7] = Types.LOCAL_DATE;
    types[8] = Types.LOCAL_DATE;
    for (int i = 9; i < types.length; i++) {
      types[i] = Types.DOUBLE;
    }
    return Types.ROW_NAMED(COLUMNS, types);
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    List<ReportedValue> reported = new ArrayList<>(inputs.size());
    for (Row v : inputs) {
      reported.add(
          new ReportedValue(
              LineItem.of((String) v.getField("item")),
              (LocalDate) v.getField("period_start"),
              (LocalDate) v.getField("period_end"),
              (Double) v.getField("value"),
              (Integer) v.getField("priority"),
              ((Instant) v.getField("available_at")).toEpochMilli(),
              ((Instant) v.getField("ingested_at")).toEpochMilli(),
              (String) v.getField("accession_number"),
              (String) v.getField("form")));
    }
    Object vendor = inputs.get(0).getField("vendor");
    Object cik = inputs.get(0).getField("cik");
    for (FundamentalsSnapshot s : PointInTimeFundamentals.compute(reported)) {
      out.accept(
          Row.of(
              vendor,
              cik,
              Instant.ofEpochMilli(s.availableAt()),
              Instant.ofEpochMilli(s.eventTime()),
              Instant.ofEpochMilli(s.ingestedAt()),
              s.accessionNumber(),
              s.form(),
              s.fiscalQuarterEnd(),
              s.balanceSheetDate(),
              s.quarter().get(LineItem.REVENUE),
              s.ttm().get(LineItem.REVENUE),
              s.revenueTtmYearAgo(),
              s.quarter().get(LineItem.NET_INCOME),
              s.ttm().get(LineItem.NET_INCOME),
              s.quarter().get(LineItem.EPS_DILUTED),
              s.ttm().get(LineItem.EPS_DILUTED),
              s.quarter().get(LineItem.OPERATING_CASH_FLOW),
              s.ttm().get(LineItem.OPERATING_CASH_FLOW),
              s.balance().get(LineItem.TOTAL_ASSETS),
              s.balance().get(LineItem.TOTAL_LIABILITIES),
              s.balance().get(LineItem.STOCKHOLDERS_EQUITY),
              s.balance().get(LineItem.CASH),
              s.balance().get(LineItem.CASH_EQUIVALENTS),
              s.balance().get(LineItem.SHARES_OUTSTANDING)));
    }
  }
}
