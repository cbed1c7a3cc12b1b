package io.pitlake.panel;

import io.pitlake.adjustment.FactorSegment;
import io.pitlake.adjustment.ReturnSteps;
import io.pitlake.features.BarFeatures;
import io.pitlake.features.BarLife;
import io.pitlake.features.BarVersion;
import io.pitlake.features.DailyFeatures;
import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import io.pitlake.reference.TickerHolders;
import io.pitlake.time.NyseCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * The rows of {@code gold.panel_daily} for one symbol ({@code sql/gold/panel_daily.sql}'s view
 * {@code panel_inputs}): the symbol's total-return bar features ({@link BarFeatures} over its bar
 * versions, with its {@code gold.adjustment_factors}), each row given the CIK that traded as the
 * symbol on the session as the security master knew it at the row's instant (else SEC's current
 * {@code company_tickers.json}), and that CIK's SEC fundamentals snapshot valid at the session's
 * decision instant ({@link DecisionSessions}).
 *
 * <p>Why per symbol and at once: a bar version's life, the factor set in effect, the master state
 * that held a ticker on a day and the snapshot valid at a decision instant all depend on other
 * rows; as SQL joins and groupings those retract in streaming. Here they are a pure function of the
 * symbol's inputs in any order, computed once ({@link KeyedView}), so the table is insert-only and
 * batch and streaming agree bit for bit. Master states, listings and snapshots reach the symbol
 * through inner joins in the SQL, possibly several times each; they are sets here.
 */
public final class PanelRows implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/gold/panel_daily.sql} reads. */
  public static final KeyedView VIEW =
      new KeyedView("panel_rows", "panel_inputs", List.of("symbol"), new PanelRows());

  private static final String[] COLUMNS = {
    "symbol",
    "session_date",
    "available_at",
    "cik",
    "decision_at",
    "session_index",
    "event_time",
    "ingested_at",
    "close",
    "volume",
    "dollar_volume",
    "ret_1d",
    "ret_5d",
    "ret_21d",
    "vol_21d",
    "bar_available_at",
    "fundamentals_available_at",
    "fiscal_quarter_end",
    "revenue_ttm",
    "revenue_ttm_year_ago",
    "net_income_ttm",
    "eps_diluted_ttm",
    "stockholders_equity",
    "total_assets",
    "total_liabilities",
    "shares_outstanding",
    "days_since_filing"
  };

  private transient Duration offset;

  @Override
  public void open(Map<String, String> jobParameters) {
    offset = PanelOptions.decisionOffset(jobParameters);
  }

  @Override
  public TypeInformation<Row> outputType() {
    TypeInformation<?>[] types = new TypeInformation<?>[COLUMNS.length];
    for (int i = 0; i < COLUMNS.length; i++) {
      types[i] = Types.DOUBLE;
    }
    types[0] = Types.STRING;
    types[1] = Types.LOCAL_DATE;
    types[2] = Types.INSTANT;
    types[3] = Types.LONG;
    types[4] = Types.INSTANT;
    types[5] = Types.INT;
    types[6] = Types.INSTANT;
    types[7] = Types.INSTANT;
    types[15] = Types.INSTANT;
    types[16] = Types.INSTANT;
    types[17] = Types.LOCAL_DATE;
    types[26] = Types.INT;
    return Types.ROW_NAMED(COLUMNS, types);
  }

  /** A version of SEC's company_tickers.json entry of a CIK ({@code kind = 'listing'}). */
  private record Listing(long cik, int version, @Nullable String symbol) {}

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    if (offset == null) {
      offset = PanelOptions.DECISION_OFFSET.defaultValue();
    }
    String symbol = (String) inputs.get(0).getField("symbol");
    List<BarVersion> bars = new ArrayList<>();
    List<Row> factors = new ArrayList<>();
    TickerHolders holders = new TickerHolders();
    Set<Listing> listings = new HashSet<>();
    Map<Long, Set<Snapshot>> snapshots = new HashMap<>();
    for (Row row : inputs) {
      switch ((String) row.getField("kind")) {
        case "bar" -> bars.add(BarVersion.fromSilver(row::getField, PanelRows::millis));
        case "factor" ->
            factors.add(
                Row.of(
                    row.getField("ex_date"),
                    row.getField("session_from"),
                    row.getField("available_at"),
                    row.getField("split_factor"),
                    row.getField("total_factor"),
                    row.getField("ingested_at")));
        case "master" -> holders.add(row);
        case "listing" ->
            listings.add(
                new Listing(
                    (Long) row.getField("cik"),
                    (Integer) row.getField("version"),
                    (String) row.getField("ticker")));
        case "fundamentals" -> {
          Snapshot s = Snapshot.of(row);
          snapshots.computeIfAbsent(s.cik(), k -> new HashSet<>()).add(s);
        }
        default -> throw new IllegalArgumentException("unknown panel input kind " + row);
      }
    }
    if (bars.isEmpty()) {
      return;
    }
    Long listedCik = listedCik(symbol, listings);
    Map<Long, Map<LocalDate, Decided>> decided = new HashMap<>();
    List<BarLife> lives = BarVersion.lives(bars);
    int first = lives.stream().mapToInt(BarLife::session).min().orElseThrow();
    int last = lives.stream().mapToInt(BarLife::session).max().orElseThrow();
    ReturnSteps steps = ReturnSteps.of(FactorSegment.fromRows(factors.toArray(Row[]::new)));
    NyseCalendar calendar = NyseCalendar.instance();
    // Rows of one session whose instants the decision instant lifts to the same available_at are
    // one row: the newest bar row's, the one in effect at that instant.
    Map<LocalDate, TreeMap<Long, Row>> rows = new TreeMap<>();
    for (DailyFeatures f : BarFeatures.compute(lives, first, last, steps)) {
      LocalDate date = calendar.sessionAt(f.session());
      Long cik = masterCik(symbol, holders, date, f.availableAt());
      if (cik == null) {
        cik = listedCik;
      }
      Decided known =
          cik == null
              ? null
              : decided
                  .computeIfAbsent(cik, c -> bySession(snapshots.getOrDefault(c, Set.of())))
                  .get(date);
      Row row = row(symbol, date, cik, f, known);
      rows.computeIfAbsent(date, d -> new TreeMap<>())
          .put(((Instant) row.getField(2)).toEpochMilli(), row);
    }
    rows.values().forEach(ofSession -> ofSession.values().forEach(out));
  }

  private static Row row(
      String symbol, LocalDate date, @Nullable Long cik, DailyFeatures f, @Nullable Decided known) {
    Snapshot s = known == null ? null : known.snapshot();
    long availableAt = f.availableAt();
    long ingestedAt = f.ingestedAt();
    if (s != null) {
      availableAt =
          Math.max(availableAt, Math.max(s.availableAt(), known.decisionAt().toEpochMilli()));
      ingestedAt = Math.max(ingestedAt, s.ingestedAt());
    }
    return Row.of(
        symbol,
        date,
        Instant.ofEpochMilli(availableAt),
        cik,
        known == null ? null : known.decisionAt(),
        f.session(),
        Instant.ofEpochMilli(f.eventTime()),
        Instant.ofEpochMilli(ingestedAt),
        f.close(),
        f.volume(),
        f.dollarVolume(),
        f.ret1d(),
        f.ret5d(),
        f.ret21d(),
        f.vol21d(),
        Instant.ofEpochMilli(f.availableAt()),
        s == null ? null : Instant.ofEpochMilli(s.availableAt()),
        s == null ? null : s.fiscalQuarterEnd(),
        s == null ? null : s.revenueTtm(),
        s == null ? null : s.revenueTtmYearAgo(),
        s == null ? null : s.netIncomeTtm(),
        s == null ? null : s.epsDilutedTtm(),
        s == null ? null : s.stockholdersEquity(),
        s == null ? null : s.totalAssets(),
        s == null ? null : s.totalLiabilities(),
        s == null ? null : s.sharesOutstanding(),
        known == null ? null : known.daysSinceFiling());
  }

  /**
   * The CIK of the company that traded as {@code symbol} on {@code date}, as the master knew it at
   * {@code instant} ({@link TickerHolders#holding}): of the active holders with a CIK, the smallest
   * CIK.
   */
  private static @Nullable Long masterCik(
      String symbol, TickerHolders holders, LocalDate date, long instant) {
    return holders.holding(symbol, date, instant).stream()
        .filter(m -> m.active() && m.cik() != null)
        .map(TickerHolders.State::cik)
        .min(Long::compare)
        .orElse(null);
  }

  /**
   * The smallest CIK whose newest company_tickers.json entry lists {@code symbol}: SEC's file is a
   * snapshot of today's tickers, taken as a timeless identity by declaration.
   */
  private static @Nullable Long listedCik(String symbol, Set<Listing> listings) {
    Map<Long, Listing> newest = new HashMap<>();
    for (Listing l : listings) {
      newest.merge(l.cik(), l, (a, b) -> a.version() >= b.version() ? a : b);
    }
    Long found = null;
    for (Listing l : newest.values()) {
      if (symbol.equals(l.symbol()) && (found == null || l.cik() < found)) {
        found = l.cik();
      }
    }
    return found;
  }

  /**
   * An SEC snapshot of {@code gold.fundamentals_pit}: the columns the panel carries ({@code kind =
   * 'fundamentals'}).
   */
  private record Snapshot(
      long cik,
      long availableAt,
      long ingestedAt,
      @Nullable LocalDate fiscalQuarterEnd,
      @Nullable Double revenueTtm,
      @Nullable Double revenueTtmYearAgo,
      @Nullable Double netIncomeTtm,
      @Nullable Double epsDilutedTtm,
      @Nullable Double stockholdersEquity,
      @Nullable Double totalAssets,
      @Nullable Double totalLiabilities,
      @Nullable Double sharesOutstanding) {

    static Snapshot of(Row row) {
      return new Snapshot(
          (Long) row.getField("cik"),
          millis(row.getField("available_at")),
          millis(row.getField("ingested_at")),
          (LocalDate) row.getField("fiscal_quarter_end"),
          (Double) row.getField("revenue_ttm"),
          (Double) row.getField("revenue_ttm_year_ago"),
          (Double) row.getField("net_income_ttm"),
          (Double) row.getField("eps_diluted_ttm"),
          (Double) row.getField("stockholders_equity"),
          (Double) row.getField("total_assets"),
          (Double) row.getField("total_liabilities"),
          (Double) row.getField("shares_outstanding"));
    }

    /**
     * Of two snapshots known at one instant, the one fetched last; an order on every field when
     * both were fetched at once, so the choice never depends on the order they arrived in.
     */
    static Snapshot later(Snapshot a, Snapshot b) {
      if (a.ingestedAt() != b.ingestedAt()) {
        return a.ingestedAt() > b.ingestedAt() ? a : b;
      }
      return a.toString().compareTo(b.toString()) >= 0 ? a : b;
    }
  }

  /** A snapshot valid at a session's decision instant. */
  private record Decided(Snapshot snapshot, Instant decisionAt, int daysSinceFiling) {}

  /**
   * Per session, the snapshot of one CIK valid at the session's decision instant: each snapshot
   * from its {@code available_at} until the next snapshot's ({@link DecisionSessions#between}). Of
   * snapshots known at the same instant, the one fetched last counts.
   */
  private Map<LocalDate, Decided> bySession(Set<Snapshot> ofCik) {
    TreeMap<Long, Snapshot> byInstant = new TreeMap<>();
    for (Snapshot s : ofCik) {
      byInstant.merge(s.availableAt(), s, Snapshot::later);
    }
    Map<LocalDate, Decided> sessions = new HashMap<>();
    byInstant.forEach(
        (instant, s) -> {
          Long next = byInstant.higherKey(instant);
          for (DecisionSessions.Session session :
              DecisionSessions.between(
                  Instant.ofEpochMilli(instant),
                  next == null ? null : Instant.ofEpochMilli(next),
                  offset)) {
            sessions.put(
                session.date(), new Decided(s, session.decisionAt(), session.daysSinceKnown()));
          }
        });
    return sessions;
  }

  static long millis(Object instant) {
    return ((Instant) instant).toEpochMilli();
  }
}
