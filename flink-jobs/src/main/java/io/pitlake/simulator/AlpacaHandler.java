package io.pitlake.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.time.NyseCalendar;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * Builds the bodies of Alpaca's bars, corporate actions and news over the shared {@link
 * SimulatedMarket} and {@link SimulatedCorporateActions}.
 *
 * <p>Every list is ordered first, then cut into pages of {@code limit}; {@code next_page_token} is
 * the opaque base64 of the last item's key (as Alpaca's tokens are, e.g. {@code AAPL|D|<t>}), and a
 * request with {@code page_token} continues after that item. Bars are ordered by symbol, then time,
 * and {@code limit} counts bars across symbols, so a page may end inside one symbol. Called on the
 * server's worker threads; holds no per-request state.
 */
final class AlpacaHandler {

  private static final Set<String> FEEDS =
      Set.of("sip", "iex", "delayed_sip", "otc", "boats", "overnight");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final NyseCalendar calendar = NyseCalendar.instance();
  private final SimulatedMarket market;
  private final Map<SymbolDate, BadBarKind> badBars;
  private final Clock clock;
  private final BiFunction<String, LocalDate, SimulatedTrades.Day> trades;
  private final LongSupplier knowableMillis;

  /**
   * @param badBars daily bars served broken, by symbol and session
   * @param trades the trades of a symbol and session
   * @param knowableMillis Unix ms by which a minute bar's window must have ended, and after which
   *     no trade is served ({@link Replays#knowableMillis})
   */
  AlpacaHandler(
      SimulatedMarket market,
      Map<SymbolDate, BadBarKind> badBars,
      Clock clock,
      BiFunction<String, LocalDate, SimulatedTrades.Day> trades,
      LongSupplier knowableMillis) {
    this.market = market;
    this.badBars = badBars;
    this.clock = clock;
    this.trades = trades;
    this.knowableMillis = knowableMillis;
  }

  /**
   * {@code /v2/stocks/{symbol}/trades}: the settled tape ({@link SimulatedTrades.Day#tape()}: no
   * cancelled trade, a corrected one under its correction's id) of each session in [{@code start},
   * {@code end}], by SIP time, {@code limit} up to 10,000 a page; during a websocket replay none
   * after the replay's clock.
   */
  byte[] trades(String symbol, String rawQuery) {
    Map<String, String> params = AggsQuery.params(rawQuery);
    String feed = params.getOrDefault("feed", "sip");
    if (!FEEDS.contains(feed)) {
      throw ApiException.badRequest(String.format("invalid feed '%s'", feed));
    }
    Instant now = clock.instant();
    LocalDate today = now.atZone(NyseCalendar.ZONE).toLocalDate();
    Instant start =
        instant(
            "start", params.get("start"), today.atStartOfDay(NyseCalendar.ZONE).toInstant(), false);
    Instant end = instant("end", params.get("end"), now, true);
    long knowable = knowableMillis.getAsLong();
    List<Item> items = new ArrayList<>();
    LocalDate first =
        max(start.atZone(NyseCalendar.ZONE).toLocalDate(), NyseCalendar.FIRST_SUPPORTED_DATE);
    LocalDate last =
        min(end.atZone(NyseCalendar.ZONE).toLocalDate(), NyseCalendar.LAST_SUPPORTED_DATE);
    if (!first.isAfter(last)) {
      for (LocalDate session : calendar.sessions(first, last)) {
        for (SimulatedTrade trade : trades.apply(symbol, session).tape()) {
          Instant t = Instant.ofEpochMilli(trade.sipMillis());
          if (!t.isBefore(start) && !t.isAfter(end) && trade.sipMillis() <= knowable) {
            items.add(new Item(symbol + "|" + session + "|" + trade.id(), symbol, trade));
          }
        }
      }
    }
    if (descending(params, "asc")) {
      Collections.reverse(items);
    }
    Page page = page(items, params, 1000, 10_000);
    ObjectNode body = PolygonPages.JSON.createObjectNode();
    ArrayNode served = body.putArray("trades");
    for (Item item : page.items()) {
      SimulatedTrade trade = (SimulatedTrade) item.value();
      ObjectNode json = served.addObject();
      json.put("t", Instant.ofEpochMilli(trade.sipMillis()).toString());
      json.put("x", trade.alpacaExchange());
      json.put("p", trade.price());
      json.put("s", trade.size());
      trade.alpacaConditions().forEach(json.putArray("c")::add);
      json.put("i", trade.id());
      json.put("z", TradeVenue.ALPACA_TAPE);
    }
    body.put("symbol", symbol);
    body.put("next_page_token", page.nextToken());
    return PolygonPages.bytes(body);
  }

  /**
   * {@code /v2/stocks/bars}; during a websocket replay only the minute bars whose window has ended
   * by the replay's clock.
   */
  byte[] bars(String rawQuery) {
    Map<String, String> params = AggsQuery.params(rawQuery);
    String symbolList = params.get("symbols");
    if (symbolList == null || symbolList.isBlank()) {
      throw ApiException.badRequest("symbols is required");
    }
    boolean minute =
        switch (params.getOrDefault("timeframe", "")) {
          case "1Day", "1D", "1day" -> false;
          case "1Min", "1T", "1min" -> true;
          default ->
              throw ApiException.badRequest(
                  String.format(
                      "timeframe '%s' is not served; the simulator serves 1Day and 1Min",
                      params.get("timeframe")));
        };
    String feed = params.getOrDefault("feed", "sip");
    if (!FEEDS.contains(feed)) {
      throw ApiException.badRequest(String.format("invalid feed '%s'", feed));
    }
    Instant now = clock.instant();
    LocalDate today = now.atZone(NyseCalendar.ZONE).toLocalDate();
    LocalDate adjustedAsOf =
        switch (params.getOrDefault("adjustment", "raw")) {
          case "raw" -> null;
          case "split" -> today;
          default ->
              throw ApiException.badRequest(
                  String.format(
                      "adjustment '%s' is not simulated; use raw or split",
                      params.get("adjustment")));
        };
    Instant start =
        instant(
            "start", params.get("start"), today.atStartOfDay(NyseCalendar.ZONE).toInstant(), false);
    Instant end = instant("end", params.get("end"), now, true);
    boolean descending = descending(params, "asc");
    // Daily bars keep the simulator's own clock.
    long knowable = minute ? knowableMillis.getAsLong() : Long.MAX_VALUE;
    List<Item> items = new ArrayList<>();
    for (String symbol : new TreeSet<>(Arrays.asList(symbolList.split(",")))) {
      List<Item> ofSymbol = new ArrayList<>();
      LocalDate first =
          max(start.atZone(NyseCalendar.ZONE).toLocalDate(), NyseCalendar.FIRST_SUPPORTED_DATE);
      LocalDate last =
          min(end.atZone(NyseCalendar.ZONE).toLocalDate(), NyseCalendar.LAST_SUPPORTED_DATE);
      if (first.isAfter(last)) {
        continue;
      }
      for (LocalDate session : calendar.sessions(first, last)) {
        if (!market.actions().trades(symbol, session)) {
          continue;
        }
        SimulatedBar day = market.bar(symbol, session, now, adjustedAsOf);
        List<SimulatedBar> bars = minute ? SimulatedMinuteBars.of(day, session) : List.of(day);
        BadBarKind defect = minute ? null : badBars.get(new SymbolDate(symbol, session));
        for (SimulatedBar bar : bars) {
          Instant t = Instant.ofEpochMilli(bar.t());
          if (!t.isBefore(start) && !t.isAfter(end) && Replays.minuteEnded(bar.t(), knowable)) {
            ofSymbol.add(
                new Item(
                    symbol + "|" + (minute ? "M" : "D") + "|" + t,
                    symbol,
                    new ServedBar(bar, defect)));
          }
        }
      }
      if (descending) {
        Collections.reverse(ofSymbol);
      }
      items.addAll(ofSymbol);
    }
    Page page = page(items, params, 1000, 10_000);
    ObjectNode body = PolygonPages.JSON.createObjectNode();
    ObjectNode bars = body.putObject("bars");
    for (Item item : page.items()) {
      ArrayNode ofSymbol =
          bars.has(item.group()) ? (ArrayNode) bars.get(item.group()) : bars.putArray(item.group());
      ServedBar served = (ServedBar) item.value();
      SimulatedBar bar =
          served.defect() == null ? served.bar() : served.defect().breakPrices(served.bar());
      ObjectNode json = ofSymbol.addObject();
      json.put("t", Instant.ofEpochMilli(bar.t()).toString());
      json.put("o", bar.o());
      json.put("h", bar.h());
      json.put("l", bar.l());
      if (served.defect() != BadBarKind.MISSING_CLOSE) {
        json.put("c", bar.c());
      }
      json.put("v", (long) bar.v());
      json.put("n", bar.n());
      json.put("vw", bar.vw());
    }
    body.put("next_page_token", page.nextToken());
    return PolygonPages.bytes(body);
  }

  /** {@code /v1/corporate-actions}, grouped by plural type as Alpaca does. */
  byte[] corporateActions(String rawQuery) {
    Map<String, String> params = AggsQuery.params(rawQuery);
    LocalDate today = clock.instant().atZone(NyseCalendar.ZONE).toLocalDate();
    LocalDate start = date("start", params.getOrDefault("start", today.toString()));
    LocalDate end = date("end", params.getOrDefault("end", today.toString()));
    Set<String> symbols = list(params.get("symbols"));
    Set<String> types = list(params.get("types"));
    SimulatedCorporateActions actions = market.actions();
    List<Item> items = new ArrayList<>();
    for (SimulatedCorporateActions.Split split : actions.splits(today, symbols)) {
      SimulatedCompany company = SimulatedCompany.of(actions.series(split.symbol()));
      ObjectNode row = PolygonPages.JSON.createObjectNode();
      row.put("id", uuid("split " + split));
      row.put("symbol", split.symbol());
      if (split.isReverse()) {
        row.put("new_cusip", company.cusip());
        row.put("old_cusip", SimulatedCompany.of(split.symbol() + " old").cusip());
      } else {
        row.put("cusip", company.cusip());
        row.put("due_bill_redemption_date", split.exDate().plusDays(1).toString());
      }
      row.put("new_rate", split.to());
      row.put("old_rate", split.from());
      row.put("ex_date", split.exDate().toString());
      row.put("record_date", split.recordDate().toString());
      row.put("payable_date", split.payableDate().toString());
      row.put("process_date", split.exDate().toString());
      items.add(
          new Item(
              split.isReverse() ? "reverse_split" : "forward_split",
              split.symbol(),
              dated(row, split.exDate())));
    }
    for (SimulatedCorporateActions.Dividend dividend : actions.dividends(today, symbols)) {
      ObjectNode row = PolygonPages.JSON.createObjectNode();
      row.put("id", uuid("dividend " + dividend));
      row.put("symbol", dividend.symbol());
      row.put("cusip", SimulatedCompany.of(actions.series(dividend.symbol())).cusip());
      row.put("rate", dividend.amount());
      row.put("special", dividend.special());
      row.put("foreign", false);
      row.put("ex_date", dividend.exDate().toString());
      row.put("record_date", dividend.recordDate().toString());
      row.put("payable_date", dividend.payDate().toString());
      row.put("process_date", dividend.payDate().toString());
      items.add(new Item("cash_dividend", dividend.symbol(), dated(row, dividend.exDate())));
    }
    for (SimulatedCorporateActions.Rename rename : actions.renames(today)) {
      ObjectNode row = PolygonPages.JSON.createObjectNode();
      row.put("id", uuid("rename " + rename));
      row.put("new_symbol", rename.newSymbol());
      row.put("old_symbol", rename.oldSymbol());
      row.put("new_cusip", SimulatedCompany.of(rename.newSymbol()).cusip());
      row.put("old_cusip", SimulatedCompany.of(rename.oldSymbol()).cusip());
      row.put("process_date", rename.effective().toString());
      items.add(new Item("name_change", rename.newSymbol(), dated(row, rename.effective())));
    }
    for (SimulatedCorporateActions.Delisting delisting : actions.delistings(today)) {
      ObjectNode row = PolygonPages.JSON.createObjectNode();
      row.put("id", uuid("delisting " + delisting));
      row.put("symbol", delisting.symbol());
      row.put("cusip", SimulatedCompany.of(delisting.symbol()).cusip());
      row.put("process_date", delisting.lastSession().plusDays(1).toString());
      items.add(
          new Item(
              "worthless_removal",
              delisting.symbol(),
              dated(row, delisting.lastSession().plusDays(1))));
    }
    List<String> typeOrder =
        List.of(
            "forward_split", "reverse_split", "cash_dividend", "name_change", "worthless_removal");
    items.removeIf(
        item -> {
          Dated dated = (Dated) item.value();
          boolean symbolMatches =
              symbols.isEmpty()
                  || symbols.contains(item.group())
                  || symbols.contains(dated.row().path("old_symbol").asText(""));
          return !symbolMatches
              || (!types.isEmpty() && !types.contains(item.key()))
              || dated.date().isBefore(start)
              || dated.date().isAfter(end);
        });
    boolean descending = descending(params, "asc");
    Comparator<LocalDate> byDate =
        descending ? Comparator.<LocalDate>reverseOrder() : Comparator.<LocalDate>naturalOrder();
    Comparator<Item> order =
        Comparator.comparing((Item item) -> typeOrder.indexOf(item.key()))
            .thenComparing((Item item) -> ((Dated) item.value()).date(), byDate)
            .thenComparing((Item item) -> ((Dated) item.value()).row().get("id").asText());
    List<Item> keyed =
        items.stream()
            .sorted(order)
            .map(
                item ->
                    new Item(
                        ((Dated) item.value()).row().get("id").asText(), item.key(), item.value()))
            .toList();
    Page page = page(keyed, params, 1000, 1000);
    ObjectNode body = PolygonPages.JSON.createObjectNode();
    ObjectNode groups = body.putObject("corporate_actions");
    Map<String, ArrayNode> byType = new LinkedHashMap<>();
    for (Item item : page.items()) {
      byType
          .computeIfAbsent(item.group() + "s", groups::putArray)
          .add(((Dated) item.value()).row());
    }
    body.put("next_page_token", page.nextToken());
    return PolygonPages.bytes(body);
  }

  /** {@code /v1beta1/news}, newest first unless {@code sort=asc}. */
  byte[] news(String rawQuery) {
    Map<String, String> params = AggsQuery.params(rawQuery);
    Instant now = clock.instant();
    Instant start = instant("start", params.get("start"), Instant.EPOCH, false);
    Instant end = instant("end", params.get("end"), now, true);
    Set<String> symbols = list(params.get("symbols"));
    boolean descending = descending(params, "desc");
    boolean content = "true".equals(params.get("include_content"));
    List<Item> items = new ArrayList<>();
    for (SimulatedCorporateActions.Article article : market.actions().articles(now)) {
      if (article.published().isBefore(start)
          || article.published().isAfter(end)
          || (!symbols.isEmpty() && !symbols.contains(article.symbol()))) {
        continue;
      }
      ObjectNode json = PolygonPages.JSON.createObjectNode();
      json.put("id", article.id());
      json.put("headline", article.headline());
      json.put("author", "Simulated Wire Staff");
      json.put("created_at", article.published().toString());
      json.put("updated_at", article.published().toString());
      json.put("summary", article.summary());
      if (content) {
        json.put("content", "<p>" + article.summary() + "</p>");
      }
      json.put("url", "https://news.invalid/" + article.id());
      json.putArray("images");
      json.putArray("symbols").add(article.symbol());
      json.put("source", "simulated");
      items.add(new Item(String.valueOf(article.id()), article.symbol(), json));
    }
    if (descending) {
      Collections.reverse(items);
    }
    Page page = page(items, params, 10, 50);
    ObjectNode body = PolygonPages.JSON.createObjectNode();
    ArrayNode news = body.putArray("news");
    page.items().forEach(item -> news.add((ObjectNode) item.value()));
    body.put("next_page_token", page.nextToken());
    return PolygonPages.bytes(body);
  }

  /** One listed thing: its paging key, its group (a bar's symbol, an action's type), its value. */
  private record Item(String key, String group, Object value) {}

  /** A bar and how it is served broken ({@code null}: it is not). */
  private record ServedBar(SimulatedBar bar, @Nullable BadBarKind defect) {}

  /** A corporate-action row and the date its range filter and order use. */
  private record Dated(ObjectNode row, LocalDate date) {}

  private record Page(List<Item> items, String nextToken) {}

  private static Dated dated(ObjectNode row, LocalDate date) {
    return new Dated(row, date);
  }

  /** The page after {@code page_token} (the base64 key of the previous page's last item). */
  private static Page page(
      List<Item> items, Map<String, String> params, int defaultLimit, int max) {
    int limit;
    try {
      limit = Integer.parseInt(params.getOrDefault("limit", String.valueOf(defaultLimit)));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > max) {
      throw new ApiException(
          422, "ERROR", String.format("invalid limit: must be between 1 and %d", max));
    }
    int from = 0;
    String token = params.get("page_token");
    if (token != null) {
      String after;
      try {
        after = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid page_token");
      }
      from = -1;
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i).key().equals(after)) {
          from = i + 1;
        }
      }
      if (from < 0) {
        throw ApiException.badRequest("invalid page_token");
      }
    }
    List<Item> page = items.subList(from, Math.min(items.size(), from + limit));
    String next =
        from + limit < items.size()
            ? Base64.getEncoder()
                .encodeToString(page.get(page.size() - 1).key().getBytes(StandardCharsets.UTF_8))
            : null;
    return new Page(page, next);
  }

  private static boolean descending(Map<String, String> params, String defaultSort) {
    return switch (params.getOrDefault("sort", defaultSort)) {
      case "asc" -> false;
      case "desc" -> true;
      default ->
          throw ApiException.badRequest(
              String.format("invalid sort '%s': use asc or desc", params.get("sort")));
    };
  }

  /**
   * An RFC 3339 instant, or a date meaning its start ({@code end}: its last instant, inclusive).
   */
  private static Instant instant(String name, String value, Instant absent, boolean end) {
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      if (DATE.matcher(value).matches()) {
        LocalDate date = LocalDate.parse(value);
        return end
            ? date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1)
            : date.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      throw ApiException.badRequest(
          String.format("invalid %s '%s': use RFC 3339 or YYYY-MM-DD", name, value));
    }
  }

  private static LocalDate date(String name, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeException e) {
      throw ApiException.badRequest(String.format("invalid %s '%s': use YYYY-MM-DD", name, value));
    }
  }

  private static Set<String> list(String value) {
    Set<String> values = new TreeSet<>();
    if (value != null) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          values.add(item.strip());
        }
      }
    }
    return values;
  }

  /** A UUID-shaped id derived from {@code text}, like Alpaca's corporate-action ids. */
  private static String uuid(String text) {
    String hex = SimulatedCompany.id(text);
    return String.join(
        "-",
        hex.substring(0, 8),
        hex.substring(8, 12),
        hex.substring(12, 16),
        hex.substring(16, 20),
        hex.substring(20, 32));
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
