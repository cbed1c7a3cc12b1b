package io.pitlake.adjustment;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * The rows of {@code gold.price_dq} for one symbol, from every version of its bars and corporate
 * actions, Polygon's adjusted closes and its {@code gold.adjustment_factors} rows ({@code
 * sql/gold/price_dq.sql}'s view {@code price_dq_inputs}).
 *
 * <p>Why per symbol and at once: each check pairs versions by when they were the newest, which only
 * the later versions tell, and a jump learns that a split explains it only when the split arrives;
 * as SQL joins and groupings those are retractions in streaming. Here they are a pure function of
 * the symbol's rows in any order, computed once ({@link KeyedView}), so the table is insert-only
 * and batch and streaming agree. An explanation is its own dated row ({@code jump_explained})
 * rather than a column a jump would have to change.
 */
public final class PriceDqFindings implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/gold/price_dq.sql} reads. */
  public static final KeyedView VIEW =
      new KeyedView(
          "price_dq_findings", "price_dq_inputs", List.of("symbol"), new PriceDqFindings());

  /** A move above it, close over the previous close, is a likely missing split. */
  static final double JUMP = 0.35;

  /** A split's expected ratio missed by more than this share of it is not in the prices. */
  static final double SPLIT_MISS = 0.25;

  /** Relative difference above which the vendor's adjusted close is not pitlake's. */
  static final double VENDOR_TOLERANCE = 1e-4;

  /** How Flink SQL casts a UTC {@code TIMESTAMP_LTZ(3)} to a string, as the details always read. */
  private static final DateTimeFormatter SQL_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private static final String[] COLUMNS = {
    "check_name",
    "symbol",
    "session_date",
    "available_at",
    "detail",
    "observed",
    "expected",
    "event_time",
    "ingested_at"
  };

  @Override
  public TypeInformation<Row> outputType() {
    return Types.ROW_NAMED(
        COLUMNS,
        Types.STRING,
        Types.STRING,
        Types.LOCAL_DATE,
        Types.INSTANT,
        Types.STRING,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.INSTANT,
        Types.INSTANT);
  }

  /** A bar version ({@code kind = 'bar'}) and when it stopped being the newest. */
  private record Bar(
      LocalDate session,
      int sessionIndex,
      int version,
      double close,
      long availableAt,
      long supersededAt,
      Instant eventTime,
      long ingestedAt) {}

  /** A valid split version ({@code kind = 'action'}) and when it stopped being the newest. */
  private record Split(
      String vendor,
      String actionId,
      int version,
      LocalDate exDate,
      double splitFrom,
      double splitTo,
      long availableAt,
      long supersededAt,
      long ingestedAt) {

    double ratio() {
      return splitFrom / splitTo;
    }
  }

  /** A session's bar version against the previous session's, at the instant both were newest. */
  private record Pair(Bar bar, Bar previous) {

    long availableAt() {
      return Math.max(bar.availableAt(), previous.availableAt());
    }

    long ingestedAt() {
      return Math.max(bar.ingestedAt(), previous.ingestedAt());
    }

    double ratio() {
      return bar.close() / previous.close();
    }
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    String symbol = (String) inputs.get(0).getField("symbol");
    Map<String, List<Row>> byKind = new HashMap<>();
    for (Row row : inputs) {
      byKind.computeIfAbsent((String) row.getField("kind"), k -> new ArrayList<>()).add(row);
    }
    List<Bar> bars = bars(byKind.getOrDefault("bar", List.of()));
    List<Split> splits = splits(byKind.getOrDefault("action", List.of()));
    List<Pair> pairs = pairs(bars);
    jumps(symbol, pairs, splits, out);
    splitsWithoutMove(symbol, pairs, splits, out);
    vendorMismatches(
        symbol,
        bars,
        byKind.getOrDefault("vendor", List.of()),
        byKind.getOrDefault("factor", List.of()),
        out);
  }

  /**
   * {@code unexplained_jump} per pair that moved more than {@link #JUMP}, and {@code
   * jump_explained} per session with such a pair and a split of that ex date: known once the first
   * split and the session's first jump were, so a jump known by T is explained at T exactly when a
   * split of its ex date was known by T, and a build on the inputs known by T writes the row iff it
   * is known by T.
   */
  private static void jumps(
      String symbol, List<Pair> pairs, List<Split> splits, Consumer<Row> out) {
    Map<LocalDate, List<Pair>> jumps = new TreeMap<>();
    for (Pair p : pairs) {
      if (Math.abs(p.ratio() - 1) > JUMP) {
        jumps.computeIfAbsent(p.bar().session(), k -> new ArrayList<>()).add(p);
        out.accept(
            finding(
                "unexplained_jump",
                symbol,
                p.bar().session(),
                p.availableAt(),
                String.format(
                    "close moved %s%% from the previous session (bar versions %d and %d)",
                    round1((p.ratio() - 1) * 100), p.bar().version(), p.previous().version()),
                p.ratio(),
                1.0,
                p.bar().eventTime(),
                p.ingestedAt()));
      }
    }
    Comparator<Split> first =
        Comparator.comparingLong(Split::availableAt)
            .thenComparing(Split::vendor)
            .thenComparing(Split::actionId)
            .thenComparingInt(Split::version);
    Comparator<Pair> firstJump =
        Comparator.comparingLong(Pair::availableAt)
            .thenComparing(Comparator.comparingLong(Pair::ingestedAt).reversed())
            .thenComparingInt(p -> p.bar().version())
            .thenComparingInt(p -> p.previous().version());
    jumps.forEach(
        (session, ofSession) ->
            splits.stream()
                .filter(s -> s.exDate().equals(session))
                .min(first)
                .ifPresent(
                    s -> {
                      Pair jump = ofSession.stream().min(firstJump).orElseThrow();
                      out.accept(
                          finding(
                              "jump_explained",
                              symbol,
                              session,
                              Math.max(s.availableAt(), jump.availableAt()),
                              String.format(
                                  "%s split %s v%d of %s:%s known from %s",
                                  s.vendor(),
                                  s.actionId(),
                                  s.version(),
                                  s.splitFrom(),
                                  s.splitTo(),
                                  SQL_TIMESTAMP.format(Instant.ofEpochMilli(s.availableAt()))),
                              jump.ratio(),
                              s.ratio(),
                              jump.bar().eventTime(),
                              Math.max(s.ingestedAt(), jump.ingestedAt())));
                    }));
  }

  /** {@code split_without_price_move} per split version and pair of its ex date, both newest. */
  private static void splitsWithoutMove(
      String symbol, List<Pair> pairs, List<Split> splits, Consumer<Row> out) {
    Map<LocalDate, List<Pair>> bySession = new HashMap<>();
    for (Pair p : pairs) {
      bySession.computeIfAbsent(p.bar().session(), k -> new ArrayList<>()).add(p);
    }
    for (Split s : splits) {
      for (Pair p : bySession.getOrDefault(s.exDate(), List.of())) {
        long at = Math.max(s.availableAt(), p.availableAt());
        if (s.supersededAt() > at && Math.abs(p.ratio() / s.ratio() - 1) > SPLIT_MISS) {
          out.accept(
              finding(
                  "split_without_price_move",
                  symbol,
                  s.exDate(),
                  at,
                  String.format(
                      "%s split %s v%d of %s:%s does not match the close ratio",
                      s.vendor(), s.actionId(), s.version(), s.splitFrom(), s.splitTo()),
                  p.ratio(),
                  s.ratio(),
                  p.bar().eventTime(),
                  Math.max(s.ingestedAt(), p.ingestedAt())));
        }
      }
    }
  }

  /**
   * {@code vendor_adjusted_close_mismatch} per vendor version whose close differs from pitlake's
   * split-adjusted close as known at its fetch: the bar version newest then times the split factor
   * of the row covering the session in the newest factor set known then (1 where none does).
   */
  private static void vendorMismatches(
      String symbol,
      List<Bar> bars,
      List<Row> vendorRows,
      List<Row> factorRows,
      Consumer<Row> out) {
    Row[] factorFields = new Row[factorRows.size()];
    for (int i = 0; i < factorFields.length; i++) {
      Row f = factorRows.get(i);
      factorFields[i] =
          Row.of(
              f.getField("ex_date"),
              f.getField("session_from"),
              f.getField("available_at"),
              f.getField("split_factor"),
              f.getField("total_factor"),
              f.getField("ingested_at"));
    }
    TreeSet<Long> instants = new TreeSet<>();
    for (Row f : factorRows) {
      instants.add(millis(f.getField("available_at")));
    }
    Map<Long, List<FactorSegment>> sets = new HashMap<>();
    for (FactorSegment s : FactorSegment.fromRows(factorFields)) {
      sets.computeIfAbsent(s.availableAt(), k -> new ArrayList<>()).add(s);
    }
    Map<LocalDate, List<Bar>> bySession = new HashMap<>();
    for (Bar b : bars) {
      bySession.computeIfAbsent(b.session(), k -> new ArrayList<>()).add(b);
    }
    for (Row v : vendorRows) {
      Double vendorClose = (Double) v.getField("close");
      if (vendorClose == null) {
        continue; // a non-numeric close is not compared
      }
      LocalDate session = (LocalDate) v.getField("session_date");
      long fetchedAt = millis(v.getField("ingested_at"));
      Long factorsAt = instants.floor(fetchedAt);
      List<FactorSegment> covering = new ArrayList<>();
      for (FactorSegment s : sets.getOrDefault(factorsAt, List.of())) {
        if (s.covers(session)) {
          covering.add(s);
        }
      }
      for (Bar b : bySession.getOrDefault(session, List.of())) {
        if (b.availableAt() > fetchedAt || b.supersededAt() <= fetchedAt) {
          continue;
        }
        long pitlakeAvailableAt = Math.max(b.availableAt(), factorsAt == null ? 0 : factorsAt);
        if (covering.isEmpty()) {
          vendorMismatch(symbol, v, vendorClose, b, 1.0, pitlakeAvailableAt, b.ingestedAt(), out);
        }
        for (FactorSegment s : covering) {
          vendorMismatch(
              symbol,
              v,
              vendorClose,
              b,
              s.splitFactor(),
              pitlakeAvailableAt,
              Math.max(b.ingestedAt(), s.ingestedAt()),
              out);
        }
      }
    }
  }

  private static void vendorMismatch(
      String symbol,
      Row v,
      double vendorClose,
      Bar b,
      double splitFactor,
      long pitlakeAvailableAt,
      long pitlakeIngestedAt,
      Consumer<Row> out) {
    double splitAdjClose = b.close() * splitFactor;
    if (Math.abs(vendorClose / splitAdjClose - 1) <= VENDOR_TOLERANCE) {
      return;
    }
    long fetchedAt = millis(v.getField("ingested_at"));
    out.accept(
        finding(
            "vendor_adjusted_close_mismatch",
            symbol,
            b.session(),
            Math.max(millis(v.getField("available_at")), pitlakeAvailableAt),
            String.format(
                "polygon adjusted close v%d fetched %s vs pitlake split_adj_close of bar v%d x %s",
                (Integer) v.getField("version"),
                SQL_TIMESTAMP.format(Instant.ofEpochMilli(fetchedAt)),
                b.version(),
                splitFactor),
            vendorClose,
            splitAdjClose,
            b.eventTime(),
            Math.max(fetchedAt, pitlakeIngestedAt)));
  }

  /** Each session's bar versions against the previous session's, where both were newest at once. */
  private static List<Pair> pairs(List<Bar> bars) {
    Map<Integer, List<Bar>> bySession = new HashMap<>();
    for (Bar b : bars) {
      bySession.computeIfAbsent(b.sessionIndex(), k -> new ArrayList<>()).add(b);
    }
    List<Pair> pairs = new ArrayList<>();
    for (Bar b : bars) {
      for (Bar p : bySession.getOrDefault(b.sessionIndex() - 1, List.of())) {
        Pair pair = new Pair(b, p);
        if (b.supersededAt() > pair.availableAt() && p.supersededAt() > pair.availableAt()) {
          pairs.add(pair);
        }
      }
    }
    return pairs;
  }

  private static List<Bar> bars(List<Row> rows) {
    Map<LocalDate, List<Row>> bySession = new HashMap<>();
    for (Row row : rows) {
      bySession
          .computeIfAbsent((LocalDate) row.getField("session_date"), k -> new ArrayList<>())
          .add(row);
    }
    List<Bar> bars = new ArrayList<>();
    bySession.forEach(
        (session, versions) -> {
          for (Row row : versions) {
            bars.add(
                new Bar(
                    session,
                    (Integer) row.getField("session_index"),
                    (Integer) row.getField("version"),
                    (Double) row.getField("close"),
                    millis(row.getField("available_at")),
                    supersededAt(row, versions),
                    (Instant) row.getField("event_time"),
                    millis(row.getField("ingested_at"))));
          }
        });
    return bars;
  }

  /** Every version's life; the splits among them with an ex date and a positive ratio. */
  private static List<Split> splits(List<Row> rows) {
    Map<List<Object>, List<Row>> byAction = new HashMap<>();
    for (Row row : rows) {
      byAction
          .computeIfAbsent(
              List.of(row.getField("vendor"), row.getField("action_id")), k -> new ArrayList<>())
          .add(row);
    }
    List<Split> splits = new ArrayList<>();
    for (List<Row> versions : byAction.values()) {
      for (Row row : versions) {
        String type = (String) row.getField("action_type");
        Double from = (Double) row.getField("split_from");
        Double to = (Double) row.getField("split_to");
        if (("forward_split".equals(type) || "reverse_split".equals(type))
            && row.getField("ex_date") != null
            && from != null
            && from > 0
            && to != null
            && to > 0) {
          splits.add(
              new Split(
                  (String) row.getField("vendor"),
                  (String) row.getField("action_id"),
                  (Integer) row.getField("version"),
                  (LocalDate) row.getField("ex_date"),
                  from,
                  to,
                  millis(row.getField("available_at")),
                  supersededAt(row, versions),
                  millis(row.getField("ingested_at"))));
        }
      }
    }
    return splits;
  }

  /**
   * When {@code row} stopped being the newest of {@code versions} (its entity's): the earliest
   * {@code available_at} of a higher version, {@link Long#MAX_VALUE} while none exists.
   */
  private static long supersededAt(Row row, List<Row> versions) {
    int version = (Integer) row.getField("version");
    long at = Long.MAX_VALUE;
    for (Row later : versions) {
      if ((Integer) later.getField("version") > version) {
        at = Math.min(at, millis(later.getField("available_at")));
      }
    }
    return at;
  }

  private static Row finding(
      String check,
      String symbol,
      LocalDate session,
      long availableAt,
      String detail,
      @Nullable Double observed,
      @Nullable Double expected,
      Instant eventTime,
      long ingestedAt) {
    return Row.of(
        check,
        symbol,
        session,
        Instant.ofEpochMilli(availableAt),
        detail,
        observed,
        expected,
        eventTime,
        Instant.ofEpochMilli(ingestedAt));
  }

  /** {@code ROUND(x, 1)} as Flink SQL computes it on a double: half up on its decimal digits. */
  private static double round1(double x) {
    return BigDecimal.valueOf(x).setScale(1, RoundingMode.HALF_UP).doubleValue();
  }

  private static long millis(Object instant) {
    return ((Instant) instant).toEpochMilli();
  }
}
