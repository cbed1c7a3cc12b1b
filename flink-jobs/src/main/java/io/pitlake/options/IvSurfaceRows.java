package io.pitlake.options;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import io.pitlake.options.pricing.SmilePoint;
import io.pitlake.options.pricing.TermPoint;
import io.pitlake.options.pricing.VolatilitySurface;
import io.pitlake.time.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * The rows of {@code gold.iv_surface_daily} for one underlying ({@code
 * sql/gold/iv_surface_daily.sql}'s view {@code iv_surface_rows}), from its rows of {@code
 * gold.option_features_daily}, its daily bars and its splits and cash dividends, keyed by
 * underlying.
 *
 * <p>A row (session D, instant T) reads each contract's newest features row of D known at T. Per
 * expiry with time left: the ATM IV at {@code ln(K/F) = 0} over the out-of-the-money side (puts at
 * or below the forward, calls at or above it) and the 25-delta put and call IVs, all through {@link
 * VolatilitySurface}; across expiries, each at 30 days (and the ATM at 90) in total variance.
 * Nothing extrapolates, so a session whose expiries do not straddle 30 days has NULL there.
 * Volumes: contracts traded that day, puts over calls (NULL without call volume). Realized
 * volatility: the sample standard deviation (n − 1) of the 21 total-return log returns ending at D,
 * {@code ln((close_i + dividend_i) · split_i / close_(i−1))} with the newest bar versions and
 * actions known at T (an ex date on a closed day acts on the next session), times √252; NULL unless
 * all 22 closes are known.
 *
 * <p>A row gets a new version at every instant its values change ({@link KnownAt#eachChange}),
 * starting with the session's first features row: the features of a late listing, a revised bar in
 * the window, an action learned late.
 */
public final class IvSurfaceRows implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/gold/iv_surface_daily.sql} reads. */
  public static final KeyedView VIEW =
      new KeyedView(
          "iv_surface_rows", "iv_surface_inputs", List.of("underlying"), new IvSurfaceRows());

  /** Returns in the realized volatility's window. */
  static final int RV_RETURNS = 21;

  /** Sessions per year of the annualisation. */
  static final double SESSIONS_PER_YEAR = 252;

  static final String STOCK = "stock";
  static final String ACTION = "action";

  private static final double PUT_DELTA = -0.25;
  private static final double CALL_DELTA = 0.25;

  private static final String[] COLUMNS = {
    "underlying",
    "session_date",
    "available_at",
    "event_time",
    "ingested_at",
    "contracts",
    "solved",
    "atm_iv_30d",
    "skew_25d_30d",
    "atm_iv_90d",
    "term_slope",
    "put_volume",
    "call_volume",
    "put_call_volume_ratio",
    "rv_21d",
    "iv_rv_spread"
  };

  private static final int COMPARED = COLUMNS.length - 5;

  /** A features row: one contract's values at one instant. */
  private record Contract(
      String ticker,
      LocalDate expiry,
      boolean call,
      @Nullable Double volume,
      @Nullable Double years,
      @Nullable Double logMoneyness,
      @Nullable Double delta,
      @Nullable Double iv,
      long availableAt,
      Instant eventTime,
      Instant ingestedAt) {}

  /** A version of a split or a cash dividend, placed on the session it acts on. */
  private record Action(
      String actionId,
      int version,
      int session,
      double splitRatio,
      double cash,
      long availableAt,
      Instant ingestedAt) {}

  @Override
  public TypeInformation<Row> outputType() {
    return Types.ROW_NAMED(
        COLUMNS,
        Types.STRING,
        Types.LOCAL_DATE,
        Types.INSTANT,
        Types.INSTANT,
        Types.INSTANT,
        Types.INT,
        Types.INT,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE);
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    NyseCalendar calendar = NyseCalendar.instance();
    String underlying = (String) inputs.get(0).getField("underlying");
    Map<LocalDate, List<Contract>> sessions = new TreeMap<>();
    Map<Integer, List<OptionFeatureRows.StockBar>> stock = new HashMap<>();
    List<Action> actions = new ArrayList<>();
    for (Row row : inputs) {
      Object kind = row.getField("kind");
      long availableAt = KnownAt.millis(row, "available_at");
      Instant ingestedAt = (Instant) row.getField("ingested_at");
      if (STOCK.equals(kind)) {
        stock
            .computeIfAbsent((Integer) row.getField("session_index"), i -> new ArrayList<>())
            .add(OptionFeatureRows.StockBar.of(row));
      } else if (ACTION.equals(kind)) {
        LocalDate exDate = (LocalDate) row.getField("ex_date");
        List<LocalDate> from = calendar.sessions(exDate, exDate.plusDays(10));
        if (!from.isEmpty()) {
          Double cash = (Double) row.getField("cash_amount");
          actions.add(
              new Action(
                  (String) row.getField("action_id"),
                  (Integer) row.getField("version"),
                  calendar.sessionIndex(from.get(0)),
                  OptionFeatureRows.splitRatio(row),
                  cash == null ? 0 : cash,
                  availableAt,
                  ingestedAt));
        }
      } else {
        sessions
            .computeIfAbsent((LocalDate) row.getField("session_date"), d -> new ArrayList<>())
            .add(
                new Contract(
                    (String) row.getField("option_ticker"),
                    (LocalDate) row.getField("expiration_date"),
                    "call".equals(row.getField("contract_type")),
                    (Double) row.getField("volume"),
                    (Double) row.getField("years_to_expiry"),
                    (Double) row.getField("log_moneyness"),
                    (Double) row.getField("delta"),
                    (Double) row.getField("iv"),
                    availableAt,
                    (Instant) row.getField("event_time"),
                    ingestedAt));
      }
    }
    for (Map.Entry<LocalDate, List<Contract>> session : sessions.entrySet()) {
      int index = calendar.sessionIndex(session.getKey());
      List<Contract> rows = session.getValue();
      long first = rows.stream().mapToLong(Contract::availableAt).min().orElseThrow();
      TreeSet<Long> instants = new TreeSet<>();
      instants.add(first);
      rows.forEach(c -> instants.add(c.availableAt()));
      for (int i = index - RV_RETURNS; i <= index; i++) {
        stock.getOrDefault(i, List.of()).forEach(b -> instants.add(b.availableAt()));
      }
      inWindow(actions, index).forEach(a -> instants.add(a.availableAt()));
      KnownAt.eachChange(
          instants.tailSet(first, true),
          COMPARED,
          instant -> values(rows, index, stock, actions, instant),
          (instant, v) -> {
            Object[] fields = new Object[COLUMNS.length];
            fields[0] = underlying;
            fields[1] = session.getKey();
            fields[2] = Instant.ofEpochMilli(instant);
            System.arraycopy(v, COMPARED, fields, 3, 2);
            System.arraycopy(v, 0, fields, 5, COMPARED);
            out.accept(Row.of(fields));
          });
    }
  }

  /** The surface's values at {@code instant}, then event time and newest fetch. */
  private static Object[] values(
      List<Contract> rows,
      int index,
      Map<Integer, List<OptionFeatureRows.StockBar>> stock,
      List<Action> actions,
      long instant) {
    Map<String, Contract> newest = new TreeMap<>();
    for (Contract c : rows) {
      if (c.availableAt() <= instant) {
        newest.merge(c.ticker(), c, (a, b) -> a.availableAt() >= b.availableAt() ? a : b);
      }
    }
    Instant ingestedAt = Instant.EPOCH;
    Instant eventTime = null;
    int solved = 0;
    double putVolume = 0;
    double callVolume = 0;
    Map<LocalDate, List<Contract>> expiries = new TreeMap<>();
    for (Contract c : newest.values()) {
      ingestedAt = OptionBarTerms.later(ingestedAt, c.ingestedAt());
      eventTime = c.eventTime();
      if (c.volume() != null) {
        if (c.call()) {
          callVolume += c.volume();
        } else {
          putVolume += c.volume();
        }
      }
      if (c.iv() != null) {
        solved++;
        expiries.computeIfAbsent(c.expiry(), e -> new ArrayList<>()).add(c);
      }
    }
    List<TermPoint> atm = new ArrayList<>();
    List<TermPoint> puts = new ArrayList<>();
    List<TermPoint> calls = new ArrayList<>();
    for (List<Contract> expiry : expiries.values()) {
      double years = expiry.get(0).years();
      List<SmilePoint> outOfTheMoney = new ArrayList<>();
      List<SmilePoint> putSmile = new ArrayList<>();
      List<SmilePoint> callSmile = new ArrayList<>();
      for (Contract c : expiry) {
        SmilePoint point = new SmilePoint(c.logMoneyness(), c.delta(), c.iv());
        (c.call() ? callSmile : putSmile).add(point);
        if (c.call() ? c.logMoneyness() >= 0 : c.logMoneyness() <= 0) {
          outOfTheMoney.add(point);
        }
      }
      add(atm, years, VolatilitySurface.atTheMoney(outOfTheMoney));
      add(puts, years, VolatilitySurface.atDelta(putSmile, PUT_DELTA));
      add(calls, years, VolatilitySurface.atDelta(callSmile, CALL_DELTA));
    }
    Double atm30 = orNull(VolatilitySurface.thirtyDay(atm));
    Double put30 = orNull(VolatilitySurface.thirtyDay(puts));
    Double call30 = orNull(VolatilitySurface.thirtyDay(calls));
    Double rv = null;
    Realized realized = realized(index, stock, actions, instant);
    if (realized != null) {
      rv = realized.volatility();
      ingestedAt = OptionBarTerms.later(ingestedAt, realized.ingestedAt());
    }
    return new Object[] {
      newest.size(),
      solved,
      atm30,
      put30 == null || call30 == null ? null : put30 - call30,
      orNull(VolatilitySurface.atTenor(atm, VolatilitySurface.NINETY_DAYS)),
      orNull(VolatilitySurface.termSlope(atm)),
      putVolume,
      callVolume,
      callVolume > 0 ? putVolume / callVolume : null,
      rv,
      atm30 == null || rv == null ? null : atm30 - rv,
      eventTime,
      ingestedAt
    };
  }

  /**
   * The versions of the actions that can enter the realized volatility ending at session {@code
   * index}: those with a version acting on one of its sessions. Only their instants can change the
   * row (the surface reads no action), so only they are instants to compute it at: an underlying's
   * actions of a whole year would otherwise recompute each session's surface once per declaration.
   */
  private static List<Action> inWindow(List<Action> actions, int index) {
    Set<String> window = new HashSet<>();
    for (Action a : actions) {
      if (a.session() > index - RV_RETURNS && a.session() <= index) {
        window.add(a.actionId());
      }
    }
    return window.isEmpty()
        ? List.of()
        : actions.stream().filter(a -> window.contains(a.actionId())).toList();
  }

  private record Realized(double volatility, Instant ingestedAt) {}

  /** The realized volatility of the 21 returns ending at session {@code index}, as known then. */
  @Nullable
  private static Realized realized(
      int index,
      Map<Integer, List<OptionFeatureRows.StockBar>> stock,
      List<Action> actions,
      long instant) {
    double[] closes = new double[RV_RETURNS + 1];
    Instant ingestedAt = Instant.EPOCH;
    for (int k = 0; k <= RV_RETURNS; k++) {
      OptionFeatureRows.StockBar bar =
          KnownAt.newest(
              stock.getOrDefault(index - RV_RETURNS + k, List.of()),
              instant,
              OptionFeatureRows.StockBar::availableAt,
              OptionFeatureRows.StockBar::version);
      if (bar == null) {
        return null;
      }
      closes[k] = bar.close();
      ingestedAt = OptionBarTerms.later(ingestedAt, bar.ingestedAt());
    }
    Map<String, Action> known = new HashMap<>();
    for (Action a : actions) {
      if (a.availableAt() <= instant) {
        known.merge(a.actionId(), a, (x, y) -> x.version() >= y.version() ? x : y);
      }
    }
    double[] returns = new double[RV_RETURNS];
    double sum = 0;
    for (int k = 1; k <= RV_RETURNS; k++) {
      int session = index - RV_RETURNS + k;
      double cash = 0;
      double split = 1;
      for (Action a : known.values()) {
        if (a.session() == session) {
          cash += a.cash();
          split *= a.splitRatio();
          ingestedAt = OptionBarTerms.later(ingestedAt, a.ingestedAt());
        }
      }
      returns[k - 1] = Math.log((closes[k] + cash) * split / closes[k - 1]);
      sum += returns[k - 1];
    }
    double mean = sum / RV_RETURNS;
    double squares = 0;
    for (double r : returns) {
      squares += (r - mean) * (r - mean);
    }
    return new Realized(Math.sqrt(squares / (RV_RETURNS - 1) * SESSIONS_PER_YEAR), ingestedAt);
  }

  private static void add(List<TermPoint> term, double years, OptionalDouble volatility) {
    if (volatility.isPresent()) {
      term.add(new TermPoint(years, volatility.getAsDouble()));
    }
  }

  @Nullable
  private static Double orNull(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }
}
