package io.pitlake.adjustment;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import io.pitlake.vendor.MarketDates;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * The rows of {@code gold.adjustment_factors} for one symbol, from every version of its actions and
 * the raw closes its dividends divide by ({@code sql/gold/adjustment_factors.sql}'s view {@code
 * factor_inputs}): each version's life as an adjustment ({@link ActionLife}), then the complete set
 * of factors at every instant the set of actions in effect changes ({@link AdjustmentFactors}), and
 * a row without an ex date at an instant no action is in effect, so that "the newest set known by
 * T" is always the symbol's factors at T.
 *
 * <p>Why per symbol and at once: when a version stops being the newest, and which close version was
 * in effect when a dividend started adjusting, are known only from the other versions; as SQL joins
 * and groupings those are retractions in streaming. Here they are a pure function of the symbol's
 * inputs in any order, computed once ({@link KeyedView}), so the table is insert-only and batch and
 * streaming agree bit for bit.
 */
public final class AdjustmentFactorRows implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/gold/adjustment_factors.sql} reads. */
  public static final KeyedView VIEW =
      new KeyedView(
          "adjustment_factor_rows", "factor_inputs", List.of("symbol"), new AdjustmentFactorRows());

  private static final String[] COLUMNS = {
    "symbol",
    "ex_date",
    "available_at",
    "session_from",
    "split_factor",
    "total_factor",
    "actions",
    "event_time",
    "ingested_at"
  };

  private transient DividendMethod method;

  @Override
  public void open(Map<String, String> jobParameters) {
    method = AdjustmentOptions.dividendMethod(jobParameters);
  }

  @Override
  public TypeInformation<Row> outputType() {
    return Types.ROW_NAMED(
        COLUMNS,
        Types.STRING,
        Types.LOCAL_DATE,
        Types.INSTANT,
        Types.LOCAL_DATE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.INT,
        Types.INSTANT,
        Types.INSTANT);
  }

  /** A version of an action: {@code kind = 'action'} rows. */
  private record Version(
      String actionId,
      int version,
      LocalDate exDate,
      @Nullable Double splitFrom,
      @Nullable Double splitTo,
      @Nullable Double cashAmount,
      long availableAt,
      long ingestedAt) {}

  /** A raw close a dividend may divide by: {@code kind = 'close'} rows. */
  private record Close(int version, double close, long availableAt, long ingestedAt) {}

  /** The session before an ex date ({@code offset} -1) or the ex date's own (0). */
  private record CloseKey(LocalDate exDate, int offset) {}

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    if (method == null) {
      method = AdjustmentOptions.DIVIDEND_METHOD.defaultValue();
    }
    String symbol = (String) inputs.get(0).getField("symbol");
    Map<String, List<Version>> versions = new TreeMap<>();
    Map<CloseKey, TreeMap<Integer, Close>> closes = new HashMap<>();
    for (Row row : inputs) {
      LocalDate exDate = (LocalDate) row.getField("ex_date");
      if ("close".equals(row.getField("kind"))) {
        closes
            .computeIfAbsent(
                new CloseKey(exDate, (Integer) row.getField("bar_offset")), k -> new TreeMap<>())
            .put(
                (Integer) row.getField("bar_version"),
                new Close(
                    (Integer) row.getField("bar_version"),
                    (Double) row.getField("close"),
                    millis(row.getField("bar_available_at")),
                    millis(row.getField("bar_ingested_at"))));
      } else {
        String actionId = (String) row.getField("action_id");
        versions
            .computeIfAbsent(actionId, k -> new ArrayList<>())
            .add(
                new Version(
                    actionId,
                    (Integer) row.getField("version"),
                    exDate,
                    (Double) row.getField("split_from"),
                    (Double) row.getField("split_to"),
                    (Double) row.getField("cash_amount"),
                    millis(row.getField("available_at")),
                    millis(row.getField("ingested_at"))));
      }
    }
    List<ActionLife> lives = new ArrayList<>();
    for (List<Version> ofAction : versions.values()) {
      ofAction.sort(Comparator.comparingInt(Version::version));
      for (int i = 0; i < ofAction.size(); i++) {
        long knownTo = Long.MAX_VALUE;
        for (Version later : ofAction.subList(i + 1, ofAction.size())) {
          knownTo = Math.min(knownTo, later.availableAt());
        }
        ActionLife life = life(ofAction.get(i), knownTo, closes);
        if (life != null) {
          lives.add(life);
        }
      }
    }
    emit(symbol, lives, out);
  }

  /** The version's life as an adjustment, or null when it never adjusts. */
  private @Nullable ActionLife life(
      Version v, long knownTo, Map<CloseKey, TreeMap<Integer, Close>> closes) {
    long knownFrom =
        AdjustmentKnownAtFunction.knownAt(Instant.ofEpochMilli(v.availableAt()), v.exDate())
            .toEpochMilli();
    Close dividendClose = null;
    if (v.cashAmount() != null) {
      if (method == DividendMethod.EX_CLOSE) {
        // close(e): the version in effect when the adjustment would start, or the first one if
        // bar e became known later, which is then when the adjustment starts.
        TreeMap<Integer, Close> ex = closes.get(new CloseKey(v.exDate(), 0));
        dividendClose = ex == null ? null : inEffect(ex, knownFrom);
        if (dividendClose == null && ex != null && ex.containsKey(1)) {
          dividendClose = ex.get(1).availableAt() > knownFrom ? ex.get(1) : null;
        }
        if (dividendClose == null) {
          return null; // close(e) is not known: an ex-close factor cannot start
        }
        knownFrom = Math.max(knownFrom, dividendClose.availableAt());
      } else {
        TreeMap<Integer, Close> previous = closes.get(new CloseKey(v.exDate(), -1));
        dividendClose = previous == null ? null : inEffect(previous, knownFrom);
      }
    }
    if (knownFrom >= knownTo) {
      return null;
    }
    long ingestedAt =
        dividendClose == null
            ? v.ingestedAt()
            : Math.max(v.ingestedAt(), dividendClose.ingestedAt());
    return ActionLife.of(
        v.actionId(),
        v.version(),
        v.exDate(),
        knownFrom,
        knownTo,
        v.splitFrom(),
        v.splitTo(),
        v.cashAmount(),
        method,
        dividendClose == null ? null : dividendClose.close(),
        ingestedAt);
  }

  /**
   * The version of a bar that was the newest at {@code instant}: known by then and not yet replaced
   * by a later version (which replaces it from its own {@code available_at}).
   */
  private static @Nullable Close inEffect(TreeMap<Integer, Close> byVersion, long instant) {
    Close found = null;
    long replacedAt = Long.MAX_VALUE;
    for (Close c : byVersion.descendingMap().values()) {
      if (c.availableAt() <= instant && instant < replacedAt) {
        found = c;
        break;
      }
      replacedAt = Math.min(replacedAt, c.availableAt());
    }
    return found;
  }

  private static void emit(String symbol, List<ActionLife> lives, Consumer<Row> out) {
    Map<Long, List<FactorSegment>> byInstant = new TreeMap<>();
    for (Long instant : AdjustmentFactors.instants(lives)) {
      byInstant.put(instant, new ArrayList<>());
    }
    for (FactorSegment s : AdjustmentFactors.compute(lives)) {
      byInstant.get(s.availableAt()).add(s);
    }
    byInstant.forEach(
        (instant, segments) -> {
          if (segments.isEmpty()) {
            Instant at = Instant.ofEpochMilli(instant);
            out.accept(Row.of(symbol, null, at, null, 1.0, 1.0, 0, at, at));
          }
          for (FactorSegment s : segments) {
            out.accept(
                Row.of(
                    symbol,
                    s.exDate(),
                    Instant.ofEpochMilli(s.availableAt()),
                    s.sessionFrom(),
                    s.splitFactor(),
                    s.totalFactor(),
                    s.actions(),
                    MarketDates.startOfDay(s.exDate()),
                    Instant.ofEpochMilli(s.ingestedAt())));
          }
        });
  }

  private static long millis(Object instant) {
    return ((Instant) instant).toEpochMilli();
  }
}
