package io.pitlake.simulator;

import io.pitlake.time.NyseCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The simulators' fixed corporate actions: what both the Polygon and the Alpaca simulator serve,
 * each in its vendor's shape, so that a test can check that pitlake reads the same facts from both.
 *
 * <p>The catalogue has a 4-for-1 split ({@value #FORWARD_SPLIT}), a 1-for-10 reverse split ({@value
 * #REVERSE_SPLIT}), two regular quarterly dividends and one special dividend ({@value
 * #DIVIDEND_PAYER}), a rename ({@value #RENAMED_FROM} to {@value #RENAMED_TO}, as FB became META)
 * and a delisting ({@value #DELISTED}), all in 2024. Each is announced (with a news article) weeks
 * before it takes effect, and served by the reference endpoints only from its announcement day on,
 * so a simulator whose clock stands before the announcement does not know it.
 *
 * <p>The symbols are made up, so that no symbol whose prices tests already depend on changes. For
 * them the simulated prices are raw: a split symbol's price drops 4-fold (rises 10-fold) at the
 * ex-date, the renamed company continues its price series under the new symbol, and the delisted
 * one has no bars after its last session.
 */
final class SimulatedCorporateActions {

  static final String FORWARD_SPLIT = "SPLT";
  static final String REVERSE_SPLIT = "RSPL";
  static final String DIVIDEND_PAYER = "DIVC";
  static final String RENAMED_FROM = "OLDC";
  static final String RENAMED_TO = "NEWC";
  static final String DELISTED = "GONE";

  /** A split: {@code to} shares for every {@code from}, effective at the open of {@code exDate}. */
  record Split(
      String symbol,
      LocalDate announced,
      LocalDate exDate,
      LocalDate recordDate,
      LocalDate payableDate,
      int from,
      int to) {

    boolean isReverse() {
      return from > to;
    }

    /** New shares per old share. */
    double ratio() {
      return (double) to / from;
    }
  }

  /** A cash dividend per share, declared on {@code announced}. */
  record Dividend(
      String symbol,
      LocalDate announced,
      LocalDate exDate,
      LocalDate recordDate,
      LocalDate payDate,
      BigDecimal amount,
      boolean special) {}

  /** From {@code effective} on, the company trades as {@code newSymbol}. */
  record Rename(String oldSymbol, String newSymbol, LocalDate announced, LocalDate effective) {}

  /** The symbol trades for the last time on {@code lastSession}. */
  record Delisting(String symbol, LocalDate announced, LocalDate lastSession) {

    /** 00:00 New York of the day after the last session, Polygon's {@code delisted_utc}. */
    Instant delistedAt() {
      return lastSession.plusDays(1).atStartOfDay(NyseCalendar.ZONE).toInstant();
    }
  }

  /** A news article about one announcement, published on its day at {@link #NEWS_TIME_UTC}. */
  record Article(long id, String symbol, String headline, String summary, Instant published) {}

  private static final LocalTime NEWS_TIME_UTC = LocalTime.of(12, 30);

  private static final SimulatedCorporateActions STANDARD =
      new SimulatedCorporateActions(new GeneratedCorporateActions(0, 0));

  private final List<Split> splits =
      List.of(
          new Split(
              FORWARD_SPLIT,
              LocalDate.of(2024, 5, 20),
              LocalDate.of(2024, 6, 10),
              LocalDate.of(2024, 6, 3),
              LocalDate.of(2024, 6, 7),
              1,
              4),
          new Split(
              REVERSE_SPLIT,
              LocalDate.of(2024, 8, 1),
              LocalDate.of(2024, 8, 20),
              LocalDate.of(2024, 8, 19),
              LocalDate.of(2024, 8, 19),
              10,
              1));

  private final List<Dividend> dividends =
      List.of(
          new Dividend(
              DIVIDEND_PAYER,
              LocalDate.of(2024, 2, 20),
              LocalDate.of(2024, 3, 14),
              LocalDate.of(2024, 3, 15),
              LocalDate.of(2024, 4, 1),
              new BigDecimal("0.24"),
              false),
          new Dividend(
              DIVIDEND_PAYER,
              LocalDate.of(2024, 5, 21),
              LocalDate.of(2024, 6, 13),
              LocalDate.of(2024, 6, 14),
              LocalDate.of(2024, 7, 1),
              new BigDecimal("0.24"),
              false),
          new Dividend(
              DIVIDEND_PAYER,
              LocalDate.of(2024, 11, 1),
              LocalDate.of(2024, 11, 15),
              LocalDate.of(2024, 11, 18),
              LocalDate.of(2024, 11, 29),
              new BigDecimal("1.50"),
              true));

  private final List<Rename> renames =
      List.of(
          new Rename(
              RENAMED_FROM, RENAMED_TO, LocalDate.of(2024, 8, 15), LocalDate.of(2024, 9, 3)));

  private final List<Delisting> delistings =
      List.of(new Delisting(DELISTED, LocalDate.of(2024, 9, 16), LocalDate.of(2024, 9, 30)));

  private final List<Article> articles;
  private final GeneratedCorporateActions generated;

  private SimulatedCorporateActions(GeneratedCorporateActions generated) {
    this.generated = generated;
    List<Article> news = new ArrayList<>();
    for (Split split : splits) {
      news.add(
          article(
              split.symbol(),
              split.announced(),
              String.format(
                  "%s announces %d-for-%d %s stock split",
                  split.symbol(),
                  split.to(),
                  split.from(),
                  split.isReverse() ? "reverse" : "forward"),
              String.format("Shares trade split-adjusted from %s.", split.exDate())));
    }
    for (Dividend dividend : dividends) {
      news.add(
          article(
              dividend.symbol(),
              dividend.announced(),
              String.format(
                  "%s declares %s dividend of $%s per share",
                  dividend.symbol(),
                  dividend.special() ? "special" : "quarterly",
                  dividend.amount().toPlainString()),
              String.format("Ex-dividend %s, payable %s.", dividend.exDate(), dividend.payDate())));
    }
    for (Rename rename : renames) {
      news.add(
          article(
              rename.oldSymbol(),
              rename.announced(),
              String.format("%s to change ticker to %s", rename.oldSymbol(), rename.newSymbol()),
              String.format(
                  "Shares trade as %s from %s.", rename.newSymbol(), rename.effective())));
    }
    for (Delisting delisting : delistings) {
      news.add(
          article(
              delisting.symbol(),
              delisting.announced(),
              String.format("%s to be delisted", delisting.symbol()),
              String.format("Last trading day %s.", delisting.lastSession())));
    }
    news.sort(Comparator.comparing(Article::published).thenComparing(Article::id));
    this.articles = List.copyOf(news);
  }

  static SimulatedCorporateActions standard() {
    return STANDARD;
  }

  /**
   * The catalogue plus, for every other symbol, about {@code perYear} generated splits and
   * dividends a year ({@link GeneratedCorporateActions}); 0 gives {@link #standard()}.
   */
  static SimulatedCorporateActions withGenerated(double perYear, long seed) {
    return perYear == 0
        ? STANDARD
        : new SimulatedCorporateActions(new GeneratedCorporateActions(perYear, seed));
  }

  private static Article article(String symbol, LocalDate day, String headline, String summary) {
    long id = 40_000_000L + Math.floorMod((long) (symbol + day).hashCode(), 1_000_000L);
    return new Article(
        id, symbol, headline, summary, day.atTime(NEWS_TIME_UTC).toInstant(ZoneOffset.UTC));
  }

  /**
   * Actions announced by {@code today} (New York date of the simulator's clock): the catalogue's,
   * and the generated ones of {@code symbols} (generated actions exist per symbol, so a request for
   * every symbol lists only the catalogue's).
   */
  List<Split> splits(LocalDate today, Collection<String> symbols) {
    List<Split> all = new ArrayList<>(splits);
    for (String symbol : generatedSymbols(symbols)) {
      all.addAll(generated.of(symbol).splits());
    }
    return all.stream().filter(s -> !s.announced().isAfter(today)).toList();
  }

  List<Dividend> dividends(LocalDate today, Collection<String> symbols) {
    List<Dividend> all = new ArrayList<>(dividends);
    for (String symbol : generatedSymbols(symbols)) {
      all.addAll(generated.of(symbol).dividends());
    }
    return all.stream().filter(d -> !d.announced().isAfter(today)).toList();
  }

  private List<String> generatedSymbols(Collection<String> symbols) {
    if (!generated.enabled()) {
      return List.of();
    }
    return symbols.stream().filter(symbol -> !symbols().contains(symbol)).distinct().toList();
  }

  /** Every split of {@code symbol}, announced or not: they shape its prices. */
  private List<Split> splitsOf(String symbol) {
    List<Split> all = new ArrayList<>();
    for (Split split : splits) {
      if (split.symbol().equals(symbol)) {
        all.add(split);
      }
    }
    for (String other : generatedSymbols(List.of(symbol))) {
      all.addAll(generated.of(other).splits());
    }
    return all;
  }

  List<Rename> renames(LocalDate today) {
    return renames.stream().filter(r -> !r.announced().isAfter(today)).toList();
  }

  List<Delisting> delistings(LocalDate today) {
    return delistings.stream().filter(d -> !d.announced().isAfter(today)).toList();
  }

  /** Articles published by {@code now}, oldest first. */
  List<Article> articles(Instant now) {
    return articles.stream().filter(a -> !a.published().isAfter(now)).toList();
  }

  /**
   * How many articles about one of {@code symbols}, published from {@code from} to {@code to}
   * (inclusive), are out by {@code now}: what a vendor's news endpoint serves for that query.
   */
  long articleCount(Collection<String> symbols, Instant from, Instant to, Instant now) {
    return articles(now).stream()
        .filter(a -> symbols.contains(a.symbol()))
        .filter(a -> !a.published().isBefore(from) && !a.published().isAfter(to))
        .count();
  }

  /** Every symbol the catalogue names, for a simulated market universe. */
  List<String> symbols() {
    return List.of(
        FORWARD_SPLIT, REVERSE_SPLIT, DIVIDEND_PAYER, RENAMED_FROM, RENAMED_TO, DELISTED);
  }

  /** The symbol whose price series {@code symbol} continues: a renamed company's first symbol. */
  String series(String symbol) {
    for (Rename rename : renames) {
      if (rename.newSymbol().equals(symbol)) {
        return rename.oldSymbol();
      }
    }
    return symbol;
  }

  /**
   * Whether {@code symbol} trades on {@code date}: not before a rename to it, not after leaving.
   */
  boolean trades(String symbol, LocalDate date) {
    for (Rename rename : renames) {
      if (rename.oldSymbol().equals(symbol) && !date.isBefore(rename.effective())) {
        return false;
      }
      if (rename.newSymbol().equals(symbol) && date.isBefore(rename.effective())) {
        return false;
      }
    }
    for (Delisting delisting : delistings) {
      if (delisting.symbol().equals(symbol) && date.isAfter(delisting.lastSession())) {
        return false;
      }
    }
    return true;
  }

  /**
   * What the raw prices of {@code symbol} on {@code session} are multiplied by in a series
   * split-adjusted as of {@code adjustedAsOf}: old shares per new share of every split with an ex
   * date after the session and not after {@code adjustedAsOf}, in ex-date order. 1 for every symbol
   * without splits.
   */
  double splitAdjustment(String symbol, LocalDate session, LocalDate adjustedAsOf) {
    double adjustment = 1;
    for (Split split : splitsOf(symbol)) {
      if (split.exDate().isAfter(session) && !split.exDate().isAfter(adjustedAsOf)) {
        adjustment *= (double) split.from() / split.to();
      }
    }
    return adjustment;
  }

  /**
   * What the simulated walk of {@code symbol} is multiplied by on {@code session} in raw prices:
   * the ratios (new shares per old share) of the splits not yet effective on the session. 1 for
   * every symbol without splits.
   */
  double priceFactor(String symbol, LocalDate session) {
    double factor = 1;
    for (Split split : splitsOf(symbol)) {
      if (split.exDate().isAfter(session)) {
        factor *= split.ratio();
      }
    }
    return factor;
  }
}
