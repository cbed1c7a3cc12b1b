package io.pitlake.features;

import io.pitlake.features.library.ExFactor;
import io.pitlake.features.library.FeatureVector;
import io.pitlake.features.library.RawBar;
import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import io.pitlake.reference.TickerHolders;
import io.pitlake.table.FeatureColumns;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * The rows of {@code gold.features_daily} for one symbol, from every version of its bars and every
 * row of its {@code gold.adjustment_factors} ({@code sql/gold/features_daily.sql}'s view {@code
 * features_daily_inputs}).
 *
 * <p>The symbol's knowledge instants (every input's {@code available_at}) are walked in order. At
 * each, the bars in effect (the highest version known per session) and the factor set in effect
 * (the newest set known) are updated, and a new version is written of exactly the rows whose inputs
 * changed: the sessions whose window holds a changed bar ({@link #window}), the sessions on or
 * after a changed ex date whose window starts before it, and, when a bar earlier than the first
 * arrives, the sessions whose 60-session windows reached back to the old first session (their
 * windows now hold sessions without a bar instead of none). Each is computed by {@link
 * FeatureVector} on the series as known at that instant, so a row never depends on anything known
 * later and a build on the inputs known by T gives exactly the rows known by T.
 *
 * <p>Why per symbol and at once: which version is in effect, which rows a revision reaches and the
 * basis of a window depend on other rows; as SQL joins and groupings those retract in streaming.
 * Here the rows are a pure function of the symbol's inputs in any order, computed once ({@link
 * KeyedView}), so the table is insert-only and batch and streaming agree bit for bit.
 *
 * <p>Each row's {@code security_id}, its last column, is the security that traded as the symbol on
 * the session as the master knew it at the row's instant ({@link TickerHolders}, the panel's
 * resolution): a master state is not an instant of the walk, so it writes no version of its own,
 * and one learned later never changes a row written before it.
 */
public final class FeaturesDailyRows implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/gold/features_daily.sql} reads. */
  public static final KeyedView VIEW =
      new KeyedView(
          "features_daily_rows",
          "features_daily_inputs",
          List.of("symbol"),
          new FeaturesDailyRows());

  /** The columns before the features, in the table's order. */
  static final List<String> KEY_COLUMNS =
      List.of(
          "symbol",
          "session_date",
          "available_at",
          "session_index",
          "event_time",
          "ingested_at",
          "bar_version");

  /**
   * The column after the features: the security the symbol named, as known at the row's instant.
   */
  static final String SECURITY_ID = "security_id";

  /** The sessions before t that a §1 window reads: 59 for {@code d = 60}, one more for Ref. */
  static final int SESSIONS_BACK = 60;

  /** The bars before t that a §2 column reads ({@code Ref(C, 252)}). */
  static final int BARS_BACK = 252;

  /**
   * A ratio of two factor sets' factors of one ex date closer to 1 than this is the same factor:
   * sets are products recomputed at every change, so a later action's arrival moves an earlier
   * one's quotient by a few ulps, which must not re-version every row after it.
   */
  static final double SAME_FACTOR = 1e-12;

  /** A bar version ({@code kind = 'bar'}). */
  private record BarVersion(
      RawBar bar, int version, long availableAt, Instant eventTime, long ingestedAt) {}

  /** A {@code gold.adjustment_factors} row ({@code kind = 'factor'}); no ex date marks none. */
  private record FactorRow(
      @Nullable LocalDate exDate, double totalFactor, long availableAt, long ingestedAt) {}

  /** An ex date's factor in one set, with the fetch time of its actions. */
  private record Jump(ExFactor factor, long ingestedAt) {}

  @Override
  public TypeInformation<Row> outputType() {
    List<String> names = new ArrayList<>(KEY_COLUMNS);
    names.addAll(FeatureColumns.ALL);
    List<TypeInformation<?>> types =
        new ArrayList<>(
            List.of(
                Types.STRING,
                Types.LOCAL_DATE,
                Types.INSTANT,
                Types.INT,
                Types.INSTANT,
                Types.INSTANT,
                Types.INT));
    types.addAll(Collections.nCopies(FeatureColumns.ALL.size(), Types.DOUBLE));
    names.add(SECURITY_ID);
    types.add(Types.STRING);
    return Types.ROW_NAMED(names.toArray(String[]::new), types.toArray(TypeInformation[]::new));
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    String symbol = (String) inputs.get(0).getField("symbol");
    TreeMap<Long, List<BarVersion>> barsAt = new TreeMap<>();
    TreeMap<Long, List<FactorRow>> factorsAt = new TreeMap<>();
    TickerHolders holders = new TickerHolders();
    for (Row row : inputs) {
      long at = millis(row.getField("available_at"));
      Object kind = row.getField("kind");
      if ("bar".equals(kind)) {
        barsAt.computeIfAbsent(at, k -> new ArrayList<>()).add(bar(row));
      } else if ("master".equals(kind)) {
        holders.add(row);
      } else {
        factorsAt
            .computeIfAbsent(at, k -> new ArrayList<>())
            .add(
                new FactorRow(
                    (LocalDate) row.getField("ex_date"),
                    row.getField("total_factor") == null
                        ? 1
                        : (Double) row.getField("total_factor"),
                    at,
                    millis(row.getField("ingested_at"))));
      }
    }
    TreeSet<Long> instants = new TreeSet<>(barsAt.keySet());
    instants.addAll(factorsAt.keySet());
    new Walk(symbol, holders, out).run(instants, barsAt, factorsAt);
  }

  /** The state of one symbol's walk through its instants. */
  private static final class Walk {
    private final String symbol;
    private final TickerHolders holders;
    private final Consumer<Row> out;

    /** The bars in effect, in session order, and their raw bars for {@link FeatureVector}. */
    private final List<BarVersion> bars = new ArrayList<>();

    private final List<RawBar> raw = new ArrayList<>();
    private final FeatureVector features = new FeatureVector();
    private Map<LocalDate, Jump> jumps = Map.of();

    Walk(String symbol, TickerHolders holders, Consumer<Row> out) {
      this.symbol = symbol;
      this.holders = holders;
      this.out = out;
    }

    void run(
        TreeSet<Long> instants,
        Map<Long, List<BarVersion>> barsAt,
        Map<Long, List<FactorRow>> factorsAt) {
      for (long at : instants) {
        Integer oldFirst = bars.isEmpty() ? null : bars.get(0).bar().sessionIndex();
        TreeSet<Integer> changedSessions = new TreeSet<>();
        for (BarVersion b : barsAt.getOrDefault(at, List.of())) {
          if (apply(b)) {
            changedSessions.add(b.bar().sessionIndex());
          }
        }
        List<LocalDate> changedExDates = new ArrayList<>();
        if (factorsAt.containsKey(at)) {
          Map<LocalDate, Jump> next = jumps(factorsAt.get(at));
          changedExDates = changed(jumps, next);
          jumps = next;
        }
        TreeSet<Integer> rows = new TreeSet<>();
        for (int session : changedSessions) {
          int q = position(session);
          for (int p = q; p < bars.size() && window(p) <= q; p++) {
            rows.add(p);
          }
        }
        if (oldFirst != null && bars.get(0).bar().sessionIndex() < oldFirst) {
          for (int p = position(oldFirst);
              p < bars.size() && bars.get(p).bar().sessionIndex() - SESSIONS_BACK + 1 < oldFirst;
              p++) {
            rows.add(p);
          }
        }
        for (LocalDate exDate : changedExDates) {
          for (int p = firstOnOrAfter(exDate);
              p < bars.size() && raw.get(window(p)).session().isBefore(exDate);
              p++) {
            rows.add(p);
          }
        }
        List<ExFactor> factors = jumps.values().stream().map(Jump::factor).toList();
        for (int p : rows) {
          out.accept(row(p, at, factors));
        }
      }
    }

    /** Puts {@code b} in effect if it is its session's highest version so far. */
    private boolean apply(BarVersion b) {
      int p = position(b.bar().sessionIndex());
      if (p < bars.size() && bars.get(p).bar().sessionIndex() == b.bar().sessionIndex()) {
        if (bars.get(p).version() >= b.version()) {
          return false;
        }
        bars.set(p, b);
        raw.set(p, b.bar());
      } else {
        bars.add(p, b);
        raw.add(p, b.bar());
      }
      return true;
    }

    /**
     * The first position of row {@code p}'s window: its {@value #BARS_BACK} bars back or its
     * sessions {@value #SESSIONS_BACK} back, whichever reaches further.
     */
    private int window(int p) {
      int bySessions = position(bars.get(p).bar().sessionIndex() - SESSIONS_BACK);
      return Math.min(Math.max(0, p - BARS_BACK), bySessions);
    }

    /** The position of {@code sessionIndex} in {@link #bars}, or where it would be inserted. */
    private int position(int sessionIndex) {
      int low = 0;
      int high = bars.size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (bars.get(mid).bar().sessionIndex() < sessionIndex) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }

    private int firstOnOrAfter(LocalDate date) {
      int p = 0;
      while (p < raw.size() && raw.get(p).session().isBefore(date)) {
        p++;
      }
      return p;
    }

    private Row row(int p, long at, List<ExFactor> factors) {
      BarVersion b = bars.get(p);
      LocalDate windowStart = raw.get(window(p)).session();
      long ingestedAt = 0;
      for (int i = window(p); i <= p; i++) {
        ingestedAt = Math.max(ingestedAt, bars.get(i).ingestedAt());
      }
      for (Map.Entry<LocalDate, Jump> j : jumps.entrySet()) {
        if (windowStart.isBefore(j.getKey()) && !b.bar().session().isBefore(j.getKey())) {
          ingestedAt = Math.max(ingestedAt, j.getValue().ingestedAt());
        }
      }
      double[] values = features.compute(raw, p, factors);
      Object[] fields = new Object[KEY_COLUMNS.size() + values.length + 1];
      fields[0] = symbol;
      fields[1] = b.bar().session();
      fields[2] = Instant.ofEpochMilli(at);
      fields[3] = b.bar().sessionIndex();
      fields[4] = b.eventTime();
      fields[5] = Instant.ofEpochMilli(ingestedAt);
      fields[6] = b.version();
      for (int k = 0; k < values.length; k++) {
        fields[KEY_COLUMNS.size() + k] = Double.isNaN(values[k]) ? null : values[k];
      }
      fields[fields.length - 1] = holders.securityId(symbol, b.bar().session(), at);
      return Row.of(fields);
    }
  }

  /**
   * The ex dates' factors of one set: a set holds each run of sessions [session_from, ex_date) with
   * the product of the factors of every later ex date, so an ex date's own factor is its row's
   * product over the next row's (1 after the last).
   */
  private static Map<LocalDate, Jump> jumps(List<FactorRow> set) {
    List<FactorRow> rows =
        set.stream()
            .filter(r -> r.exDate() != null)
            .sorted(Comparator.comparing(FactorRow::exDate))
            .toList();
    Map<LocalDate, Jump> jumps = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      double next = i + 1 < rows.size() ? rows.get(i + 1).totalFactor() : 1;
      FactorRow r = rows.get(i);
      jumps.put(
          r.exDate(), new Jump(new ExFactor(r.exDate(), r.totalFactor() / next), r.ingestedAt()));
    }
    return jumps;
  }

  /** The ex dates whose factor differs between the two sets, or that only one has. */
  private static List<LocalDate> changed(Map<LocalDate, Jump> before, Map<LocalDate, Jump> after) {
    TreeSet<LocalDate> dates = new TreeSet<>(before.keySet());
    dates.addAll(after.keySet());
    List<LocalDate> changed = new ArrayList<>();
    for (LocalDate date : dates) {
      Jump a = before.get(date);
      Jump b = after.get(date);
      if (a == null
          || b == null
          || Math.abs(a.factor().factor() / b.factor().factor() - 1) > SAME_FACTOR) {
        changed.add(date);
      }
    }
    return changed;
  }

  private static BarVersion bar(Row row) {
    LocalDate session = (LocalDate) row.getField("session_date");
    Double vwap = (Double) row.getField("vwap");
    return new BarVersion(
        new RawBar(
            (Integer) row.getField("session_index"),
            session,
            (Double) row.getField("open"),
            (Double) row.getField("high"),
            (Double) row.getField("low"),
            (Double) row.getField("close"),
            (Double) row.getField("volume"),
            vwap == null ? Double.NaN : vwap),
        (Integer) row.getField("version"),
        millis(row.getField("available_at")),
        (Instant) row.getField("event_time"),
        millis(row.getField("ingested_at")));
  }

  private static long millis(Object instant) {
    return ((Instant) instant).toEpochMilli();
  }
}
