package io.pitlake.simulator;

import io.pitlake.options.pricing.BlackScholes;
import io.pitlake.options.pricing.CashDividend;
import io.pitlake.options.pricing.EscrowedDividends;
import io.pitlake.options.pricing.OptionInputs;
import io.pitlake.options.pricing.OptionType;
import io.pitlake.options.pricing.TimeToExpiry;
import io.pitlake.time.NyseCalendar;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The option chains of the simulated market and their daily bars, priced by Black-Scholes-Merton
 * (the opt-pricing library) from the known {@link VolatilitySurface}, so the true implied
 * volatility of every bar is known.
 *
 * <p>Chains: every Friday (the session before, when the Friday is closed) is an expiry, listed
 * {@value #WEEKLY_LISTING_DAYS} days before it, or {@value #MONTHLY_LISTING_DAYS} days for the
 * monthly third Friday; each expiry lists calls and puts at {@value #STRIKES_EACH_SIDE} strikes on
 * each side of the underlying's close on the session before its listing, on a grid that grows with
 * the price. Contracts stay listed with their strikes until they expire, so the chain of any day is
 * a mix of old and new listings, and expired ones are gone from later chains.
 *
 * <p>A split adjusts every contract alive at its ex date, as the OCC does: a whole-number forward
 * split (4-for-1) divides the strike (a new ticker, 100 shares); any other ratio (the 1-for-10
 * reverse split) keeps the strike and changes the deliverable to {@code 100·to/from} shares under a
 * new root ({@code RSPL1}). The old ticker's last day is the session before the ex date; the new
 * ticker {@link Contract#continues() continues} it.
 *
 * <p>Prices: the underlying's raw close of the session, less the present value of the dividends
 * going ex before expiry (escrowed dividends), times the deliverable over 100, at the constant rate
 * {@value #RATE}, ACT/365 from the session's close; unrounded. No bar on a day the price is below
 * {@value #MIN_TRADED_PRICE} (nothing traded). Bars are served only once the stock bar of the
 * session is published.
 */
public final class SimulatedOptionChains {

  /** The simulator's risk-free rate, continuously compounded. */
  public static final double RATE = 0.04;

  static final int WEEKLY_LISTING_DAYS = 35;
  static final int MONTHLY_LISTING_DAYS = 91;
  static final int STRIKES_EACH_SIDE = 3;
  static final double MIN_TRADED_PRICE = 0.005;

  /** How far back a listing of expired contracts reaches, so it stays one page or a few. */
  static final int EXPIRED_LOOKBACK_DAYS = 366;

  private static final Pattern OCC =
      Pattern.compile("^O:([A-Z][A-Z.]{0,4})([0-9]?)([0-9]{6})([CP])([0-9]{8})$");

  /**
   * One contract under one ticker, listed from {@code from} to {@code to} under it.
   *
   * @param continues the ticker this one continues after a split, null for an original listing
   */
  public record Contract(
      String ticker,
      String underlying,
      String root,
      LocalDate expiry,
      OptionType type,
      long strikeMilli,
      int sharesPerContract,
      LocalDate from,
      LocalDate to,
      @Nullable String continues) {

    public double strike() {
      return strikeMilli / 1000.0;
    }

    public boolean standard() {
      return sharesPerContract == 100 && root.equals(underlying);
    }
  }

  /** A served daily bar of one contract: one price for open, high, low, close and VWAP. */
  public record OptionBar(LocalDate session, double price, double volatility, long volume) {}

  private final NyseCalendar calendar = NyseCalendar.instance();
  private final SimulatedMarket market;
  private final VolatilitySurface surface;
  private final Clock clock;

  SimulatedOptionChains(SimulatedMarket market, VolatilitySurface surface, Clock clock) {
    this.market = market;
    this.surface = surface;
    this.clock = clock;
  }

  public VolatilitySurface surface() {
    return surface;
  }

  private LocalDate today() {
    return clock.instant().atZone(NyseCalendar.ZONE).toLocalDate();
  }

  /**
   * The contracts of {@code underlying} as listed on {@code asOf}: those alive that day ({@code
   * expired} false) or those that expired before it, within {@value #EXPIRED_LOOKBACK_DAYS} days
   * ({@code expired} true), each under the ticker it had then (its last one, once expired).
   */
  public List<Contract> contracts(String underlying, LocalDate asOf, boolean expired) {
    return contracts(underlying, asOf, expired, LocalDate.MIN, LocalDate.MAX);
  }

  /**
   * {@link #contracts(String, LocalDate, boolean)} expiring in {@code [firstExpiry, lastExpiry]}.
   * Only those expiries' series are computed, so a request costs about what it returns: an {@code
   * expired} listing filtered to a quarter's expiries no longer prices a year of them.
   */
  public List<Contract> contracts(
      String underlying,
      LocalDate asOf,
      boolean expired,
      LocalDate firstExpiry,
      LocalDate lastExpiry) {
    List<Contract> listed = new ArrayList<>();
    LocalDate first = expired ? asOf.minusDays(EXPIRED_LOOKBACK_DAYS) : asOf;
    first = firstExpiry.isAfter(first) ? firstExpiry : first;
    LocalDate last = asOf.plusDays(MONTHLY_LISTING_DAYS + 7);
    // An expiry is its Friday or a session a few days before it (a closed Friday).
    last = lastExpiry.isBefore(last.minusDays(7)) ? lastExpiry.plusDays(7) : last;
    for (LocalDate friday = nextFriday(first);
        !friday.isAfter(last);
        friday = friday.plusWeeks(1)) {
      LocalDate expiry = expiryOf(friday);
      if (expiry == null
          || expired != expiry.isBefore(asOf)
          || expiry.isBefore(firstExpiry)
          || expiry.isAfter(lastExpiry)) {
        continue;
      }
      for (List<Contract> series : series(underlying, friday)) {
        LocalDate on = expired ? expiry : asOf;
        series.stream()
            .filter(c -> !c.from().isAfter(on) && !c.to().isBefore(on) && !c.from().isAfter(asOf))
            .forEach(listed::add);
      }
    }
    listed.sort(Comparator.comparing(Contract::ticker));
    return listed;
  }

  /** The contract under {@code ticker}, if the simulator ever listed it. */
  public Optional<Contract> contract(String ticker) {
    Matcher m = OCC.matcher(ticker);
    if (!m.matches()) {
      return Optional.empty();
    }
    LocalDate expiry =
        LocalDate.parse("20" + m.group(3), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    for (LocalDate friday = expiry;
        !friday.isAfter(expiry.plusDays(3));
        friday = friday.plusDays(1)) {
      if (friday.getDayOfWeek() == DayOfWeek.FRIDAY && expiry.equals(expiryOf(friday))) {
        for (List<Contract> series : series(m.group(1), friday)) {
          for (Contract c : series) {
            if (c.ticker().equals(ticker)) {
              return Optional.of(c);
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The bars of {@code ticker} over {@code [from, to]}: every session it was listed under that
   * ticker and traded, once published.
   */
  public List<OptionBar> bars(String ticker, LocalDate from, LocalDate to) {
    Optional<Contract> contract = contract(ticker);
    if (contract.isEmpty()) {
      return List.of();
    }
    Contract c = contract.get();
    LocalDate start = from.isAfter(c.from()) ? from : c.from();
    LocalDate end = to.isBefore(c.to()) ? to : c.to();
    List<OptionBar> bars = new ArrayList<>();
    if (end.isBefore(start)) {
      return bars;
    }
    for (LocalDate session : calendar.sessions(start, end)) {
      if (!market.published(session, clock.instant())
          || !market.actions().trades(c.underlying(), session)) {
        continue;
      }
      double volatility = volatility(c, session);
      double price = BlackScholes.price(inputs(c, session), volatility);
      if (price >= MIN_TRADED_PRICE) {
        long volume = 1 + Math.floorMod((ticker + session).hashCode(), 200);
        bars.add(new OptionBar(session, price, volatility, volume));
      }
    }
    return bars;
  }

  /** The surface's volatility of {@code contract} on {@code session}: its bar's true IV. */
  public double volatility(Contract contract, LocalDate session) {
    OptionInputs inputs = inputs(contract, session);
    return surface.volatility(
        contract.underlying(), Math.log(inputs.strike() / inputs.forward()), inputs.years());
  }

  /**
   * What the pricer is given for {@code contract} on {@code session}: the escrowed spot scaled to
   * the deliverable (a contract on 10 shares is an option on a tenth of the 100-share unit), the
   * strike, ACT/365 years from the session's close and the rate.
   */
  public OptionInputs inputs(Contract contract, LocalDate session) {
    double close = market.bar(contract.underlying(), session, clock.instant()).c();
    List<CashDividend> dividends =
        market.actions().dividends(today(), List.of(contract.underlying())).stream()
            .filter(d -> d.symbol().equals(contract.underlying()))
            .map(d -> new CashDividend(d.exDate(), d.amount().doubleValue()))
            .toList();
    double spot =
        EscrowedDividends.spot(close, session, contract.expiry(), dividends, RATE)
            * contract.sharesPerContract()
            / 100.0;
    return new OptionInputs(
        contract.type(),
        spot,
        contract.strike(),
        TimeToExpiry.years(session, contract.expiry()),
        RATE);
  }

  /** Every series of {@code friday}'s expiry: each strike's call and put, ticker by ticker. */
  private List<List<Contract>> series(String underlying, LocalDate friday) {
    LocalDate expiry = expiryOf(friday);
    if (expiry == null) {
      return List.of();
    }
    boolean monthly = friday.getDayOfMonth() >= 15 && friday.getDayOfMonth() <= 21;
    Optional<LocalDate> listing =
        sessionOnOrAfter(expiry.minusDays(monthly ? MONTHLY_LISTING_DAYS : WEEKLY_LISTING_DAYS));
    if (listing.isEmpty() || !market.actions().trades(underlying, listing.get())) {
      return List.of();
    }
    Optional<LocalDate> priced = calendar.previousSession(listing.get());
    if (priced.isEmpty()) {
      return List.of();
    }
    double spot = market.bar(underlying, priced.get(), clock.instant()).c();
    long step = strikeStepMilli(spot);
    long center = Math.round(spot * 1000 / step) * step;
    List<SimulatedCorporateActions.Split> splits =
        market.actions().splits(today(), List.of(underlying)).stream()
            .filter(s -> s.symbol().equals(underlying))
            .filter(s -> s.exDate().isAfter(listing.get()) && !s.exDate().isAfter(expiry))
            .sorted(Comparator.comparing(SimulatedCorporateActions.Split::exDate))
            .toList();
    List<List<Contract>> all = new ArrayList<>();
    for (int i = -STRIKES_EACH_SIDE; i <= STRIKES_EACH_SIDE; i++) {
      long strike = center + i * step;
      if (strike <= 0) {
        continue;
      }
      for (OptionType type : OptionType.values()) {
        all.add(adjusted(underlying, expiry, type, strike, listing.get(), splits));
      }
    }
    return all;
  }

  /** One series' tickers over its life: the original, then one per split during it. */
  private List<Contract> adjusted(
      String underlying,
      LocalDate expiry,
      OptionType type,
      long strike,
      LocalDate listed,
      List<SimulatedCorporateActions.Split> splits) {
    List<Contract> tickers = new ArrayList<>();
    String root = underlying;
    int shares = 100;
    LocalDate from = listed;
    String continues = null;
    for (SimulatedCorporateActions.Split split : splits) {
      LocalDate lastDay = calendar.previousSession(split.exDate()).orElseThrow();
      Contract before =
          contract(underlying, root, expiry, type, strike, shares, from, lastDay, continues);
      tickers.add(before);
      boolean wholeForward =
          split.to() % split.from() == 0 && strike % (split.to() / split.from()) == 0;
      if (wholeForward) {
        strike = strike / (split.to() / split.from());
      } else {
        shares = shares * split.to() / split.from();
        root = underlying + (tickers.size());
      }
      from = split.exDate();
      continues = before.ticker();
    }
    tickers.add(contract(underlying, root, expiry, type, strike, shares, from, expiry, continues));
    return tickers;
  }

  private static Contract contract(
      String underlying,
      String root,
      LocalDate expiry,
      OptionType type,
      long strike,
      int shares,
      LocalDate from,
      LocalDate to,
      @Nullable String continues) {
    String ticker =
        String.format(
            "O:%s%s%s%08d",
            root,
            expiry.format(java.time.format.DateTimeFormatter.ofPattern("yyMMdd")),
            type == OptionType.CALL ? "C" : "P",
            strike);
    return new Contract(
        ticker, underlying, root, expiry, type, strike, shares, from, to, continues);
  }

  /** The strike grid for a price, in thousandths: 1, 2.5, 5 or 10 as the price grows. */
  static long strikeStepMilli(double price) {
    if (price < 25) {
      return 1_000;
    }
    if (price < 100) {
      return 2_500;
    }
    return price < 250 ? 5_000 : 10_000;
  }

  /** The Friday's session, or the session before it when the Friday is closed. */
  @Nullable
  private LocalDate expiryOf(LocalDate friday) {
    if (friday.isBefore(NyseCalendar.FIRST_SUPPORTED_DATE.plusDays(7))
        || friday.isAfter(NyseCalendar.LAST_SUPPORTED_DATE)) {
      return null;
    }
    return calendar.isSession(friday) ? friday : calendar.previousSession(friday).orElse(null);
  }

  private Optional<LocalDate> sessionOnOrAfter(LocalDate day) {
    return calendar.sessions(day, day.plusDays(10)).stream().findFirst();
  }

  private static LocalDate nextFriday(LocalDate day) {
    LocalDate d = day;
    while (d.getDayOfWeek() != DayOfWeek.FRIDAY) {
      d = d.plusDays(1);
    }
    return d;
  }
}
