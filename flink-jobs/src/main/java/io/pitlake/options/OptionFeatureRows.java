package io.pitlake.options;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import io.pitlake.options.pricing.BlackScholes;
import io.pitlake.options.pricing.CashDividend;
import io.pitlake.options.pricing.Greeks;
import io.pitlake.options.pricing.ImpliedVolatility;
import io.pitlake.options.pricing.IvReason;
import io.pitlake.options.pricing.IvResult;
import io.pitlake.options.pricing.OptionInputs;
import io.pitlake.options.pricing.OptionType;
import io.pitlake.options.pricing.RiskFreeCurve;
import io.pitlake.options.pricing.TimeToExpiry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.types.Row;

/**
 * The rows of {@code gold.option_features_daily} for one underlying ({@code
 * sql/gold/option_features_daily.sql}'s view {@code option_feature_rows}): every option bar with
 * its terms ({@link OptionBarTerms}), the underlying's daily bars ({@code silver.bars_daily}) and
 * its cash dividends and splits ({@code silver.corporate_actions}), keyed by underlying.
 *
 * <p>A row (contract, session D, instant T) prices the contract in its own basis at D's close as
 * known at T: the newest version of the underlying's raw close of D, scaled to the deliverable
 * ({@code shares_per_contract / 100}), the strike of D's terms, and the newest version known at T
 * of each cash dividend going ex in {@code (D, expiry]}, re-based to D's shares (below), through
 * {@link OptionInputs#atClose} (escrowed spot, ACT/365 from D's close, the rate for the tenor as
 * known at D). From it: K/S, ln(K/F), the time to expiry, the implied volatility of the option's
 * close ({@link ImpliedVolatility}, with the vega floor {@code options.vega-floor}) or the reason
 * there is none, and the Greeks at that volatility. On the expiration day every feature is NULL and
 * the reason {@link IvReason#EXPIRED}.
 *
 * <p><b>Dividends across a split.</b> Polygon states a dividend's amount per share of its ex date,
 * and D's close is per share of D: a split going ex in {@code (D, dividend's ex date]} (the newest
 * version known at T) makes each of D's shares {@code split_to / split_from} shares of the ex date,
 * so the amount escrowed in D's basis is the declared one times that ratio ($1 after a 4-for-1
 * split is $4 per share of D). A split learned after D re-prices the contracts its dividends reach.
 *
 * <p><b>Staleness.</b> Polygon's option day bars give no last-trade time, only the number of trades
 * {@code n}; the close is the last trade, and a contract that traded a few times most likely did so
 * hours before the underlying's 16:00 close. {@code stale} is true when the bar has fewer than
 * {@value #STALE_BELOW_TRADES} trades (or none recorded): its IV mixes two instants. A contract
 * listed on D without a bar is a row without a close ({@link IvReason#NO_TRADE}, {@code stale}
 * NULL).
 *
 * <p>Why per underlying and at once: which versions are in effect at T and which dividends reach a
 * contract depend on other rows (SQL joins that retract in streaming); here they are a pure
 * function of the underlying's inputs, computed once ({@link KeyedView}). A row gets a new version
 * at every instant its values change ({@link KnownAt#eachChange}): a revised option or stock bar, a
 * dividend learned after the session, new terms.
 */
public final class OptionFeatureRows implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/gold/option_features_daily.sql} reads. */
  public static final KeyedView VIEW =
      new KeyedView(
          "option_feature_rows",
          "option_features_inputs",
          List.of("underlying"),
          new OptionFeatureRows());

  /** Fewer trades than this in the session flag its close as stale. */
  public static final long STALE_BELOW_TRADES = 5;

  /** Input kinds besides the option rows. */
  static final String STOCK = "stock";

  static final String ACTION = "action";

  private static final String[] COLUMNS = {
    "underlying",
    "option_ticker",
    "session_date",
    "available_at",
    "event_time",
    "ingested_at",
    "bar_version",
    "underlying_version",
    "expiration_date",
    "contract_type",
    "strike",
    "shares_per_contract",
    "option_close",
    "volume",
    "trades",
    "underlying_close",
    "spot",
    "rate",
    "years_to_expiry",
    "moneyness",
    "log_moneyness",
    "iv",
    "iv_reason",
    "delta",
    "gamma",
    "vega",
    "theta",
    "stale"
  };

  /** The compared values: the columns after the times. */
  private static final int COMPARED = COLUMNS.length - 6;

  private transient RiskFreeCurve curve;

  private transient ImpliedVolatility solver;

  /** An option row of {@link OptionBarTerms}. */
  private record Quote(
      @Nullable Integer barVersion,
      @Nullable Double close,
      @Nullable Double volume,
      @Nullable Long trades,
      LocalDate expiry,
      String type,
      double strike,
      double shares,
      long availableAt,
      Instant eventTime,
      Instant ingestedAt) {}

  /** A version of the underlying's bar of a session. */
  record StockBar(int version, double close, long availableAt, Instant ingestedAt) {

    /** A {@code 'stock'} input row's. */
    static StockBar of(Row row) {
      return new StockBar(
          (Integer) row.getField("version"),
          (Double) row.getField("close"),
          KnownAt.millis(row, "available_at"),
          (Instant) row.getField("ingested_at"));
    }
  }

  /**
   * A version of a cash dividend ({@code splitRatio} 1) or a split ({@code split_to / split_from},
   * amount 0).
   */
  record Action(
      String actionId,
      int version,
      LocalDate exDate,
      double amount,
      double splitRatio,
      boolean split,
      long availableAt,
      Instant ingestedAt) {}

  /** What a key's rows are computed from. */
  private record Key(String ticker, LocalDate session) {}

  @Override
  public void open(Map<String, String> jobParameters) {
    Configuration config = Configuration.fromMap(jobParameters);
    curve = RiskFreeCurve.fromConfig(config);
    solver = ImpliedVolatility.fromConfig(config);
  }

  @Override
  public TypeInformation<Row> outputType() {
    return Types.ROW_NAMED(
        COLUMNS,
        Types.STRING,
        Types.STRING,
        Types.LOCAL_DATE,
        Types.INSTANT,
        Types.INSTANT,
        Types.INSTANT,
        Types.INT,
        Types.INT,
        Types.LOCAL_DATE,
        Types.STRING,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.LONG,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.STRING,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.BOOLEAN);
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    if (curve == null) {
      open(Map.of());
    }
    String underlying = (String) inputs.get(0).getField("underlying");
    Map<Key, List<Quote>> quotes =
        new TreeMap<>(Comparator.comparing(Key::ticker).thenComparing(Key::session));
    Map<LocalDate, List<StockBar>> stock = new HashMap<>();
    List<Action> actions = new ArrayList<>();
    for (Row row : inputs) {
      Object kind = row.getField("kind");
      LocalDate day = (LocalDate) row.getField("session_date");
      long availableAt = KnownAt.millis(row, "available_at");
      Instant ingestedAt = (Instant) row.getField("ingested_at");
      if (STOCK.equals(kind)) {
        stock.computeIfAbsent(day, d -> new ArrayList<>()).add(StockBar.of(row));
      } else if (ACTION.equals(kind)) {
        actions.add(action(row, availableAt, ingestedAt));
      } else {
        quotes
            .computeIfAbsent(
                new Key((String) row.getField("option_ticker"), day), k -> new ArrayList<>())
            .add(
                new Quote(
                    (Integer) row.getField("version"),
                    (Double) row.getField("close"),
                    (Double) row.getField("volume"),
                    (Long) row.getField("trades"),
                    (LocalDate) row.getField("expiration_date"),
                    (String) row.getField("contract_type"),
                    (Double) row.getField("strike"),
                    (Double) row.getField("shares_per_contract"),
                    availableAt,
                    (Instant) row.getField("event_time"),
                    ingestedAt));
      }
    }
    for (Map.Entry<Key, List<Quote>> entry : quotes.entrySet()) {
      Key key = entry.getKey();
      List<Quote> versions = entry.getValue();
      List<StockBar> bars = stock.getOrDefault(key.session(), List.of());
      if (bars.isEmpty()) {
        continue;
      }
      long first =
          Math.max(
              versions.stream().mapToLong(Quote::availableAt).min().orElseThrow(),
              bars.stream().mapToLong(StockBar::availableAt).min().orElseThrow());
      TreeSet<Long> instants = new TreeSet<>();
      instants.add(first);
      versions.forEach(q -> instants.add(q.availableAt()));
      bars.forEach(b -> instants.add(b.availableAt()));
      reaching(actions, key.session(), versions).forEach(a -> instants.add(a.availableAt()));
      KnownAt.eachChange(
          instants.tailSet(first, true),
          COMPARED,
          instant -> values(key, versions, bars, actions, instant),
          (instant, v) -> {
            Object[] fields = new Object[COLUMNS.length];
            fields[0] = underlying;
            fields[1] = key.ticker();
            fields[2] = key.session();
            fields[3] = Instant.ofEpochMilli(instant);
            System.arraycopy(v, COMPARED, fields, 4, 2);
            System.arraycopy(v, 0, fields, 6, COMPARED);
            out.accept(Row.of(fields));
          });
    }
  }

  /**
   * A key's values as known at {@code instant}: the compared columns, then event and fetch time.
   */
  @Nullable
  private Object[] values(
      Key key, List<Quote> versions, List<StockBar> bars, List<Action> actions, long instant) {
    Quote quote = null;
    for (Quote q : versions) {
      if (q.availableAt() <= instant && (quote == null || q.availableAt() > quote.availableAt())) {
        quote = q;
      }
    }
    StockBar bar = KnownAt.newest(bars, instant, StockBar::availableAt, StockBar::version);
    if (quote == null || bar == null) {
      return null;
    }
    Instant ingestedAt = OptionBarTerms.later(quote.ingestedAt(), bar.ingestedAt());
    List<CashDividend> known = new ArrayList<>();
    Collection<Action> knownActions = knownActions(actions, instant);
    for (Action d : knownActions) {
      if (!d.split() && goesExIn(d, key.session(), quote.expiry())) {
        double amount = d.amount();
        for (Action split : knownActions) {
          if (split.split() && goesExIn(split, key.session(), d.exDate())) {
            amount *= split.splitRatio();
            ingestedAt = OptionBarTerms.later(ingestedAt, split.ingestedAt());
          }
        }
        known.add(new CashDividend(d.exDate(), amount));
        ingestedAt = OptionBarTerms.later(ingestedAt, d.ingestedAt());
      }
    }
    Object[] v = new Object[COMPARED + 2];
    v[0] = quote.barVersion();
    v[1] = bar.version();
    v[2] = quote.expiry();
    v[3] = quote.type();
    v[4] = quote.strike();
    v[5] = quote.shares();
    v[6] = quote.close();
    v[7] = quote.volume();
    v[8] = quote.trades();
    v[9] = bar.close();
    v[COMPARED - 1] =
        quote.close() == null
            ? null
            : quote.trades() == null || quote.trades() < STALE_BELOW_TRADES;
    v[COMPARED] = quote.eventTime();
    v[COMPARED + 1] = ingestedAt;
    features(key.session(), quote, bar.close(), known, v);
    return v;
  }

  /**
   * Fills spot, rate, years, moneyness, log-moneyness, IV, its reason and the Greeks ({@code
   * v[10..20]}); all NULL but the reason on the expiration day.
   */
  private void features(
      LocalDate session, Quote quote, double close, List<CashDividend> dividends, Object[] v) {
    OptionType type = "call".equals(quote.type()) ? OptionType.CALL : OptionType.PUT;
    double years = TimeToExpiry.years(session, quote.expiry());
    if (years == 0) {
      v[16] = IvReason.EXPIRED.name();
      return;
    }
    double deliverable = quote.shares() / 100;
    OptionInputs perShare =
        OptionInputs.atClose(
            type, close, quote.strike(), session, quote.expiry(), dividends, curve);
    OptionInputs inputs =
        new OptionInputs(
            type, perShare.spot() * deliverable, quote.strike(), perShare.years(), perShare.rate());
    v[10] = inputs.spot();
    v[11] = inputs.rate();
    v[12] = years;
    v[13] = quote.strike() / (close * deliverable);
    v[14] = Math.log(quote.strike() / inputs.forward());
    IvResult iv = solver.solve(inputs, quote.close());
    if (!iv.isSolved()) {
      v[16] = iv.reason().name();
      return;
    }
    Greeks greeks = BlackScholes.greeks(inputs, iv.volatility());
    v[15] = iv.volatility();
    v[17] = greeks.delta();
    v[18] = greeks.gamma();
    v[19] = greeks.vega();
    v[20] = greeks.theta();
  }

  /** An {@code 'action'} input row's. */
  static Action action(Row row, long availableAt, Instant ingestedAt) {
    Double amount = (Double) row.getField("cash_amount");
    return new Action(
        (String) row.getField("action_id"),
        (Integer) row.getField("version"),
        (LocalDate) row.getField("ex_date"),
        amount == null ? 0 : amount,
        splitRatio(row),
        row.getField("split_from") != null,
        availableAt,
        ingestedAt);
  }

  /**
   * An action row's {@code split_to / split_from} (4 for a 4-for-1 split), 1 for a dividend or a
   * split without a usable ratio.
   */
  static double splitRatio(Row row) {
    Double splitFrom = (Double) row.getField("split_from");
    Double splitTo = (Double) row.getField("split_to");
    return splitFrom != null && splitTo != null && splitFrom > 0 ? splitTo / splitFrom : 1;
  }

  /** Whether {@code action} goes ex in {@code (after, through]}. */
  private static boolean goesExIn(Action action, LocalDate after, LocalDate through) {
    return action.exDate().isAfter(after) && !action.exDate().isAfter(through);
  }

  /**
   * The versions of the actions that can reach a contract of {@code session}: the dividends with a
   * version going ex in {@code (session, latest expiry of its versions]} and, when there is one,
   * the splits with a version going ex in that range (they re-base those dividends). Only their
   * instants can change the contract's values (the others are never among what it escrows,
   * whichever version is known), so only they are instants to price it at: an underlying's
   * dividends of a whole year would otherwise re-solve each of its contracts once per declaration.
   */
  private static List<Action> reaching(
      List<Action> actions, LocalDate session, List<Quote> versions) {
    if (actions.isEmpty()) {
      return actions;
    }
    LocalDate expiry = versions.get(0).expiry();
    for (Quote q : versions) {
      expiry = q.expiry().isAfter(expiry) ? q.expiry() : expiry;
    }
    Set<String> reach = new HashSet<>();
    boolean dividend = false;
    for (Action a : actions) {
      if (goesExIn(a, session, expiry)) {
        reach.add(a.actionId());
        dividend |= !a.split();
      }
    }
    return !dividend
        ? List.of()
        : actions.stream().filter(a -> reach.contains(a.actionId())).toList();
  }

  /** Each action's newest version known at {@code instant}. */
  static Collection<Action> knownActions(List<Action> actions, long instant) {
    Map<String, Action> newest = new TreeMap<>();
    for (Action a : actions) {
      if (a.availableAt() <= instant) {
        newest.merge(a.actionId(), a, (x, y) -> x.version() >= y.version() ? x : y);
      }
    }
    return newest.values();
  }
}
