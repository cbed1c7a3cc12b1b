package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.time.NyseCalendar;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Configures a {@link PolygonSimulator}. Defaults: seed 42, key {@link
 * PolygonSimulator#DEFAULT_API_KEY}, no rate limit, the system UTC clock, no revisions or defects.
 *
 * <p>Each setting is checked as it is given, so a mistyped scenario (a revision on a holiday, a
 * closed-day defect on a trading day) fails at set-up with a message naming the setting, not later
 * as a puzzling test failure.
 */
public final class PolygonSimulatorBuilder {

  private final NyseCalendar calendar = NyseCalendar.instance();
  private long seed = 42L;
  private String acceptedKey = PolygonSimulator.DEFAULT_API_KEY;
  private int requestsPerMinute;
  private Clock clock = Clock.systemUTC();
  private final List<Revision> revisions = new ArrayList<>();
  private final Map<SymbolDate, BadBarKind> badBars = new HashMap<>();
  private final Set<String> malformedSymbols = new HashSet<>();
  private final Set<String> missedSplits = new HashSet<>();
  private Chaos chaos = Chaos.none();
  private List<String> universe = defaultUniverse();
  private double actionsPerYear;
  private SimulatedTrades trades = PolygonSimulator.DEFAULT_TRADES;

  PolygonSimulatorBuilder() {}

  /** Makes every bar a function of (seed, symbol, session). */
  public PolygonSimulatorBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** The only key accepted, as {@code ?apiKey=} or {@code Authorization: Bearer}. */
  public PolygonSimulatorBuilder apiKey(String apiKey) {
    checkArgument(
        apiKey != null && !apiKey.isBlank(),
        "apiKey must not be blank; omit it to use PolygonSimulator.DEFAULT_API_KEY");
    this.acceptedKey = apiKey;
    return this;
  }

  /** Requests per minute per key before 429s; 0 (the default) means unlimited. */
  public PolygonSimulatorBuilder requestsPerMinute(int requestsPerMinute) {
    checkArgument(
        requestsPerMinute >= 0,
        "requestsPerMinute is %s but must be >= 0 (0 means unlimited)",
        requestsPerMinute);
    this.requestsPerMinute = requestsPerMinute;
    return this;
  }

  /**
   * Generated splits and dividends per symbol-year for every symbol outside the fixed catalogue
   * (default 0: none), served by the reference endpoints and reflected in raw prices.
   */
  public PolygonSimulatorBuilder actionsPerYear(double actionsPerYear) {
    this.actionsPerYear = actionsPerYear;
    return this;
  }

  /** Decides which {@link Revision}s are in effect and refills the rate limit. */
  public PolygonSimulatorBuilder clock(Clock clock) {
    this.clock = checkNotNull(clock, "clock must not be null; use Clock.systemUTC() for real time");
    return this;
  }

  /** Adds a restatement; several for one bar are served in order of {@code effectiveAt}. */
  public PolygonSimulatorBuilder revision(Revision revision) {
    checkNotNull(revision, "revision must not be null");
    checkArgument(
        calendar.isSession(revision.session()),
        "revision session %s for %s is not an NYSE session (%s); revise a trading day",
        revision.session(),
        revision.symbol(),
        calendar.closureName(revision.session()).orElse(""));
    revisions.add(revision);
    return this;
  }

  /** Adds a broken bar; at most one per symbol and date. */
  public PolygonSimulatorBuilder badBar(BadBar badBar) {
    checkNotNull(badBar, "badBar must not be null");
    boolean session = calendar.isSession(badBar.date());
    if (badBar.kind() == BadBarKind.CLOSED_DAY) {
      checkArgument(
          !session,
          "badBar %s for %s is CLOSED_DAY but %s is an NYSE session; pick a weekend or holiday",
          badBar.date(),
          badBar.symbol(),
          badBar.date());
    } else {
      checkArgument(
          session,
          "badBar %s for %s is %s but %s is not an NYSE session (%s); pick a trading day or"
              + " CLOSED_DAY",
          badBar.date(),
          badBar.symbol(),
          badBar.kind(),
          badBar.date(),
          calendar.closureName(badBar.date()).orElse(""));
    }
    BadBarKind previous =
        badBars.putIfAbsent(new SymbolDate(badBar.symbol(), badBar.date()), badBar.kind());
    checkArgument(
        previous == null,
        "badBar %s for %s is set twice (%s and %s); keep one kind per symbol and date",
        badBar.date(),
        badBar.symbol(),
        previous,
        badBar.kind());
    return this;
  }

  /**
   * Makes every authenticated, non-throttled request for {@code symbol} answer a status-200 HTML
   * error page instead of JSON, as a CDN does when the vendor behind it is down.
   */
  public PolygonSimulatorBuilder malformedPage(String symbol) {
    checkArgument(symbol != null && !symbol.isBlank(), "malformedPage symbol must not be blank");
    malformedSymbols.add(symbol);
    return this;
  }

  /**
   * Makes the {@code adjusted=true} daily aggregates of {@code symbol} apply none of its splits, as
   * a vendor that missed them: its raw bars, splits and {@code adjusted=false} series are
   * unchanged, so only the vendor's adjusted series disagrees with an adjustment by the splits.
   */
  public PolygonSimulatorBuilder missedSplits(String symbol) {
    checkArgument(symbol != null && !symbol.isBlank(), "missedSplits symbol must not be blank");
    missedSplits.add(symbol);
    return this;
  }

  /** Injects transient faults into a fraction of authenticated requests (none by default). */
  public PolygonSimulatorBuilder chaos(Chaos chaos) {
    this.chaos = checkNotNull(chaos, "chaos must not be null; use Chaos.none()");
    return this;
  }

  /**
   * The symbols the grouped-daily endpoint lists, each on the days it trades. Default: AAPL, MSFT,
   * SPY and every symbol of the corporate-action catalogue.
   */
  public PolygonSimulatorBuilder universe(List<String> symbols) {
    checkArgument(symbols != null && !symbols.isEmpty(), "universe must list at least one symbol");
    symbols.forEach(
        symbol ->
            checkArgument(
                symbol != null && !symbol.isBlank(), "universe must not hold a blank symbol"));
    this.universe = List.copyOf(new TreeSet<>(symbols));
    return this;
  }

  private static List<String> defaultUniverse() {
    List<String> symbols = new ArrayList<>(List.of("AAPL", "MSFT", "SPY"));
    symbols.addAll(SimulatedCorporateActions.standard().symbols());
    return List.copyOf(new TreeSet<>(symbols));
  }

  /**
   * The trades of every symbol and session, served by {@code /v3/trades/{ticker}} and the
   * websocket's {@code T} channel alike (default {@link PolygonSimulator#DEFAULT_TRADES}).
   * Polygon's websocket sends no corrections or cancels: give rates of 0.
   */
  public PolygonSimulatorBuilder trades(SimulatedTrades trades) {
    checkNotNull(trades, "trades must not be null; use SimulatedTrades.NONE");
    checkArgument(
        trades.correctionRate() == 0 && trades.cancelRate() == 0,
        "Polygon's websocket sends no trade corrections or cancels: give rates of 0, not %s",
        trades);
    this.trades = trades;
    return this;
  }

  public PolygonSimulator build() {
    return new PolygonSimulator(
        seed,
        trades,
        acceptedKey,
        requestsPerMinute,
        clock,
        List.copyOf(revisions),
        Map.copyOf(badBars),
        Set.copyOf(malformedSymbols),
        Set.copyOf(missedSplits),
        chaos,
        universe,
        SimulatedCorporateActions.withGenerated(actionsPerYear, seed));
  }
}
