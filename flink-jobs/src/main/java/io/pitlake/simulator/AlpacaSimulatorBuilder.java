package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.time.NyseCalendar;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Configures an {@link AlpacaSimulator}. Defaults: seed 42 (the {@link PolygonSimulator}'s, so both
 * serve the same bars), key pair {@link AlpacaSimulator#DEFAULT_KEY_ID} / {@link
 * AlpacaSimulator#DEFAULT_SECRET_KEY}, no rate limit, the system UTC clock, no bad bars, no chaos,
 * {@link AlpacaSimulator#DEFAULT_TRADES}.
 */
public final class AlpacaSimulatorBuilder {

  private long seed = 42L;
  private String keyId = AlpacaSimulator.DEFAULT_KEY_ID;
  private String secretKey = AlpacaSimulator.DEFAULT_SECRET_KEY;
  private int requestsPerMinute;
  private Clock clock = Clock.systemUTC();
  private double actionsPerYear;
  private final Map<SymbolDate, BadBarKind> badBars = new HashMap<>();
  private Chaos chaos = Chaos.none();
  private SimulatedTrades trades = AlpacaSimulator.DEFAULT_TRADES;

  AlpacaSimulatorBuilder() {}

  /** Makes every bar a function of (seed, symbol, session), as in {@link PolygonSimulator}. */
  public AlpacaSimulatorBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** The only key pair accepted, in {@code APCA-API-KEY-ID} and {@code APCA-API-SECRET-KEY}. */
  public AlpacaSimulatorBuilder keyPair(String keyId, String secretKey) {
    checkArgument(
        keyId != null && !keyId.isBlank() && secretKey != null && !secretKey.isBlank(),
        "keyId and secretKey must not be blank; omit keyPair() to use the defaults");
    checkArgument(keyId.indexOf(':') < 0, "keyId must not hold a colon, as no Alpaca key id does");
    this.keyId = keyId;
    this.secretKey = secretKey;
    return this;
  }

  /** Requests per minute per key before 429s (Alpaca's free plan: 200); 0 means unlimited. */
  public AlpacaSimulatorBuilder requestsPerMinute(int requestsPerMinute) {
    checkArgument(
        requestsPerMinute >= 0,
        "requestsPerMinute is %s but must be >= 0 (0 means unlimited)",
        requestsPerMinute);
    this.requestsPerMinute = requestsPerMinute;
    return this;
  }

  /** Decides which corporate actions are announced yet, what "now" is, and refills the limit. */
  public AlpacaSimulatorBuilder clock(Clock clock) {
    this.clock = checkNotNull(clock, "clock must not be null; use Clock.systemUTC() for real time");
    return this;
  }

  /**
   * Generated splits and dividends per symbol-year for every symbol outside the fixed catalogue
   * (default 0: none), the same as a Polygon simulator with the same seed generates.
   */
  public AlpacaSimulatorBuilder actionsPerYear(double actionsPerYear) {
    this.actionsPerYear = actionsPerYear;
    return this;
  }

  /**
   * Serves one daily bar ({@code timeframe=1Day}) broken as {@link BadBar#kind()} says, the way the
   * Polygon simulator breaks its daily aggregates; minute bars stay whole. At most one per symbol
   * and session. {@link BadBarKind#CLOSED_DAY} is Polygon's only: Alpaca serves sessions only.
   */
  public AlpacaSimulatorBuilder badBar(BadBar badBar) {
    checkNotNull(badBar, "badBar must not be null");
    checkArgument(
        badBar.kind() != BadBarKind.CLOSED_DAY,
        "badBar %s for %s is CLOSED_DAY, which only the Polygon simulator serves; pick another kind",
        badBar.date(),
        badBar.symbol());
    checkArgument(
        NyseCalendar.instance().isSession(badBar.date()),
        "badBar %s for %s is not an NYSE session; pick a trading day",
        badBar.date(),
        badBar.symbol());
    BadBarKind previous =
        badBars.putIfAbsent(new SymbolDate(badBar.symbol(), badBar.date()), badBar.kind());
    checkArgument(
        previous == null,
        "badBar %s for %s is set twice (%s and %s); keep one kind per symbol and session",
        badBar.date(),
        badBar.symbol(),
        previous,
        badBar.kind());
    return this;
  }

  /** Injects transient faults into a fraction of authenticated requests (none by default). */
  public AlpacaSimulatorBuilder chaos(Chaos chaos) {
    this.chaos = checkNotNull(chaos, "chaos must not be null; use Chaos.none()");
    return this;
  }

  /**
   * The trades of every symbol and session, served by {@code /v2/stocks/{symbol}/trades} and the
   * websocket's {@code trades} channel alike (default {@link AlpacaSimulator#DEFAULT_TRADES}).
   */
  public AlpacaSimulatorBuilder trades(SimulatedTrades trades) {
    this.trades = checkNotNull(trades, "trades must not be null; use SimulatedTrades.NONE");
    return this;
  }

  public AlpacaSimulator build() {
    return new AlpacaSimulator(
        seed,
        trades,
        keyId,
        secretKey,
        requestsPerMinute,
        clock,
        Map.copyOf(badBars),
        chaos,
        SimulatedCorporateActions.withGenerated(actionsPerYear, seed));
  }
}
