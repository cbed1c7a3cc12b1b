package io.pitlake.fundamentals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * SQL {@code fundamentals_pit(values ARRAY<ROW<...>>)}: the rows of {@link PointInTimeFundamentals}
 * for one security, from an {@code ARRAY_AGG} of its curated values.
 *
 * <p>Why a function: choosing, per knowledge instant, the latest-known value of every (item,
 * period) and deriving quarters and trailing twelve months from year-to-dates is a fold over a
 * security's few hundred values. In SQL it would be a non-equi join of every value with every later
 * instant plus several self-joins per rule. As a regular aggregation followed by a pure function it
 * gives the same rows in batch and streaming, like {@code bar_features}.
 *
 * <p>SQL calls it fundamentals_pit ({@code SqlFunctions} registers it). Values are {@code (item,
 * priority, period_start, period_end, value, available_at, ingested_at, accession_number, form)}
 * with {@code item} a {@link LineItem} in lower case. Instants other than {@code available_at} come
 * back as epoch milliseconds.
 */
@FunctionHint(
    output =
        @DataTypeHint(
            "ROW<available_at TIMESTAMP_LTZ(3), superseded_at_ms BIGINT, event_time_ms BIGINT,"
                + " ingested_at_ms BIGINT, accession_number STRING, form STRING,"
                + " fiscal_quarter_end DATE, balance_sheet_date DATE, revenue_q DOUBLE,"
                + " revenue_ttm DOUBLE, revenue_ttm_year_ago DOUBLE, net_income_q DOUBLE,"
                + " net_income_ttm DOUBLE, eps_diluted_q DOUBLE, eps_diluted_ttm DOUBLE,"
                + " operating_cash_flow_q DOUBLE, operating_cash_flow_ttm DOUBLE,"
                + " total_assets DOUBLE, total_liabilities DOUBLE, stockholders_equity DOUBLE,"
                + " cash DOUBLE, cash_equivalents DOUBLE, shares_outstanding DOUBLE>"))
public class FundamentalsPitFunction extends TableFunction<Row> {

  private static final long serialVersionUID = 1L;

  public void eval(
      @DataTypeHint(
              "ARRAY<ROW<item STRING, priority INT, period_start DATE, period_end DATE,"
                  + " `value` DOUBLE, available_at TIMESTAMP_LTZ(3),"
                  + " ingested_at TIMESTAMP_LTZ(3), accession_number STRING, form STRING>>")
          Row[] values) {
    List<ReportedValue> reported = new ArrayList<>(values.length);
    for (Row v : values) {
      reported.add(
          new ReportedValue(
              LineItem.of((String) v.getField(0)),
              (LocalDate) v.getField(2),
              (LocalDate) v.getField(3),
              (Double) v.getField(4),
              (Integer) v.getField(1),
              millis(v.getField(5)),
              millis(v.getField(6)),
              (String) v.getField(7),
              (String) v.getField(8)));
    }
    for (FundamentalsSnapshot s : PointInTimeFundamentals.compute(reported)) {
      collect(
          Row.of(
              Instant.ofEpochMilli(s.availableAt()),
              s.supersededAt(),
              s.eventTime(),
              s.ingestedAt(),
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

  private static long millis(@Nullable Object instant) {
    return ((Instant) instant).toEpochMilli();
  }
}
