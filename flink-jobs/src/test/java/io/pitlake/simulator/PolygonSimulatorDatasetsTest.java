package io.pitlake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Polygon simulator's datasets besides daily aggregates. */
class PolygonSimulatorDatasetsTest {

  private static final String KEY = "test-key";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final Instant LATE_2025 = Instant.parse("2025-12-01T12:00:00Z");

  @AfterAll
  static void closeClient() {
    HTTP.dispatcher().executorService().shutdown();
    HTTP.connectionPool().evictAll();
  }

  @Test
  @DisplayName("splits: a forward 4:1 and a reverse 1:10 in Polygon's shape, paged by next_url")
  void servesSplitsWithPaging() throws IOException {
    try (PolygonSimulator vendor = simulator(LATE_2025).start()) {
      List<JsonNode> splits = followPages(vendor, "/v3/reference/splits?limit=1");
      assertThat(splits).hasSize(2);
      assertThat(splits.get(0).get("ticker").asText()).isEqualTo("SPLT");
      assertThat(splits.get(0).get("execution_date").asText()).isEqualTo("2024-06-10");
      assertThat(splits.get(0).get("split_from").asInt()).isEqualTo(1);
      assertThat(splits.get(0).get("split_to").asInt()).isEqualTo(4);
      assertThat(splits.get(0).get("id").asText()).startsWith("E").hasSize(65);
      assertThat(splits.get(1).get("ticker").asText()).isEqualTo("RSPL");
      assertThat(splits.get(1).get("split_from").asInt()).isEqualTo(10);
      assertThat(splits.get(1).get("split_to").asInt()).isEqualTo(1);
      assertThat(fieldNames(splits.get(0)))
          .containsExactlyInAnyOrderElementsOf(
              fieldNames(fixture("polygon-splits.json").get("results").get(0)));
      JsonNode reverse = get(vendor, "/v3/reference/splits?reverse_split=true");
      assertThat(reverse.get("results")).hasSize(1);
      JsonNode aapl = get(vendor, "/v3/reference/splits?ticker=AAPL");
      assertThat(aapl.get("results")).isEmpty();
      assertThat(aapl.has("next_url")).isFalse();
    }
  }

  @Test
  @DisplayName("dividends: two regular and one special, each declared before its ex date")
  void servesDividends() throws IOException {
    try (PolygonSimulator vendor = simulator(LATE_2025).start()) {
      JsonNode body =
          get(vendor, "/v3/reference/dividends?ticker=DIVC&ex_dividend_date.gte=2024-01-01");
      JsonNode results = body.get("results");
      assertThat(results).hasSize(3);
      for (JsonNode dividend : results) {
        assertThat(dividend.get("declaration_date").asText())
            .isLessThan(dividend.get("ex_dividend_date").asText());
      }
      assertThat(results.get(0).get("cash_amount").decimalValue()).isEqualByComparingTo("0.24");
      assertThat(results.get(0).get("dividend_type").asText()).isEqualTo("CD");
      assertThat(results.get(0).get("frequency").asInt()).isEqualTo(4);
      assertThat(results.get(2).get("ex_dividend_date").asText()).isEqualTo("2024-11-15");
      assertThat(results.get(2).get("cash_amount").decimalValue()).isEqualByComparingTo("1.50");
      assertThat(results.get(2).get("dividend_type").asText()).isEqualTo("SC");
      assertThat(results.get(2).get("frequency").asInt()).isEqualTo(0);
      assertThat(fieldNames(results.get(0)))
          .containsAll(fieldNames(fixture("polygon-dividends.json").get("results").get(0)));
      JsonNode desc = get(vendor, "/v3/reference/dividends?order=desc&limit=1");
      assertThat(desc.get("results").get(0).get("ex_dividend_date").asText())
          .isEqualTo("2024-11-15");
      assertThat(desc.get("next_url").asText()).startsWith(vendor.baseUrl() + "/v3/reference");
    }
  }

  @Test
  @DisplayName("before an announcement the simulator knows neither the action nor its news")
  void servesOnlyWhatIsAnnounced() throws IOException {
    try (PolygonSimulator vendor = simulator(Instant.parse("2024-06-01T12:00:00Z")).start()) {
      assertThat(get(vendor, "/v3/reference/splits").get("results"))
          .extracting(s -> s.get("ticker").asText())
          .containsExactly("SPLT");
      assertThat(get(vendor, "/v3/reference/dividends").get("results")).hasSize(2);
      List<JsonNode> news = followPages(vendor, "/v2/reference/news?limit=2");
      assertThat(news)
          .extracting(n -> n.get("published_utc").asText())
          .containsExactly("2024-02-20T12:30:00Z", "2024-05-20T12:30:00Z", "2024-05-21T12:30:00Z");
      assertThat(get(vendor, "/vX/reference/tickers/OLDC/events").at("/results/events")).hasSize(1);
    }
  }

  @Test
  @DisplayName("news: one article per announcement, filtered by ticker and publication time")
  void servesNews() throws IOException {
    try (PolygonSimulator vendor = simulator(LATE_2025).start()) {
      List<JsonNode> all = followPages(vendor, "/v2/reference/news?limit=3");
      assertThat(all).hasSize(7);
      JsonNode split =
          get(vendor, "/v2/reference/news?ticker=SPLT&published_utc.gte=2024-05-20").get("results");
      assertThat(split).hasSize(1);
      assertThat(split.get(0).get("title").asText())
          .isEqualTo("SPLT announces 4-for-1 forward stock split");
      assertThat(split.get(0).get("tickers").get(0).asText()).isEqualTo("SPLT");
      assertThat(split.get(0).at("/publisher/name").asText()).isEqualTo("Simulated Wire");
      assertThat(get(vendor, "/v2/reference/news?published_utc.lt=2024-05-20").get("results"))
          .hasSize(1);
    }
  }

  @Test
  @DisplayName("ticker details follow the delisting and the rename as of the requested date")
  void servesTickerDetailsAsOfADate() throws IOException {
    try (PolygonSimulator vendor = simulator(LATE_2025).start()) {
      JsonNode before = get(vendor, "/v3/reference/tickers/GONE?date=2024-09-30").get("results");
      assertThat(before.get("active").asBoolean()).isTrue();
      assertThat(before.has("delisted_utc")).isFalse();
      JsonNode after = get(vendor, "/v3/reference/tickers/GONE?date=2024-10-01").get("results");
      assertThat(after.get("active").asBoolean()).isFalse();
      assertThat(after.get("delisted_utc").asText()).isEqualTo("2024-10-01T04:00:00Z");
      assertThat(fieldNames(before))
          .containsAll(
              List.of("ticker", "name", "cik", "composite_figi", "market_cap", "list_date"));

      assertThat(status(vendor, "/v3/reference/tickers/NEWC?date=2024-08-30")).isEqualTo(404);
      JsonNode renamed = get(vendor, "/v3/reference/tickers/NEWC?date=2024-09-03").get("results");
      JsonNode old = get(vendor, "/v3/reference/tickers/OLDC?date=2024-08-30").get("results");
      assertThat(renamed.get("composite_figi")).isEqualTo(old.get("composite_figi"));
      assertThat(renamed.get("cik")).isEqualTo(old.get("cik"));
      assertThat(old.get("active").asBoolean()).isTrue();
      JsonNode oldAfter = get(vendor, "/v3/reference/tickers/OLDC?date=2024-09-03").get("results");
      assertThat(oldAfter.get("active").asBoolean()).isFalse();
    }
  }

  @Test
  @DisplayName("ticker events: the rename, newest first, found by ticker or composite FIGI")
  void servesTickerEvents() throws IOException {
    try (PolygonSimulator vendor = simulator(LATE_2025).start()) {
      JsonNode results = get(vendor, "/vX/reference/tickers/NEWC/events").get("results");
      JsonNode events = results.get("events");
      assertThat(events).hasSize(2);
      assertThat(events.get(0).at("/ticker_change/ticker").asText()).isEqualTo("NEWC");
      assertThat(events.get(0).get("date").asText()).isEqualTo("2024-09-03");
      assertThat(events.get(0).get("type").asText()).isEqualTo("ticker_change");
      assertThat(events.get(1).at("/ticker_change/ticker").asText()).isEqualTo("OLDC");
      String figi = results.get("composite_figi").asText();
      assertThat(get(vendor, "/vX/reference/tickers/" + figi + "/events").get("results"))
          .isEqualTo(results);
      assertThat(fieldNames(results))
          .isEqualTo(fieldNames(fixture("polygon-ticker-events.json").get("results")));
    }
  }

  @Test
  @DisplayName("grouped daily: the range aggregates' bars of every trading symbol, t at the close")
  void servesGroupedDaily() throws IOException {
    try (PolygonSimulator vendor = simulator(LATE_2025).start()) {
      JsonNode day =
          get(vendor, "/v2/aggs/grouped/locale/us/market/stocks/2024-11-29?adjusted=false");
      List<String> tickers = new ArrayList<>();
      day.get("results").forEach(bar -> tickers.add(bar.get("T").asText()));
      assertThat(tickers).containsExactly("AAPL", "DIVC", "MSFT", "NEWC", "RSPL", "SPLT", "SPY");
      assertThat(day.get("resultsCount").asInt()).isEqualTo(7);
      JsonNode aapl = day.get("results").get(0);
      assertThat(aapl.get("t").asLong())
          .as("13:00 New York: the Friday after Thanksgiving closes early")
          .isEqualTo(Instant.parse("2024-11-29T18:00:00Z").toEpochMilli());
      JsonNode range =
          get(vendor, "/v2/aggs/ticker/AAPL/range/1/day/2024-11-29/2024-11-29?adjusted=false")
              .get("results")
              .get(0);
      for (String field : List.of("o", "h", "l", "c", "v", "vw", "n")) {
        assertThat(aapl.get(field)).as(field).isEqualTo(range.get(field));
      }
      assertThat(fieldNames(aapl))
          .isEqualTo(fieldNames(fixture("polygon-grouped-daily.json").get("results").get(0)));
      JsonNode september = get(vendor, "/v2/aggs/grouped/locale/us/market/stocks/2024-08-30");
      List<String> before = new ArrayList<>();
      september.get("results").forEach(bar -> before.add(bar.get("T").asText()));
      assertThat(before).contains("OLDC", "GONE").doesNotContain("NEWC");
      JsonNode holiday = get(vendor, "/v2/aggs/grouped/locale/us/market/stocks/2024-12-25");
      assertThat(holiday.get("resultsCount").asInt()).isZero();
      assertThat(holiday.has("results")).isFalse();
    }
  }

  @Test
  @DisplayName("minute bars add up to the daily bar and page through next_url")
  void servesMinuteBars() throws IOException {
    try (PolygonSimulator vendor = simulator(LATE_2025).start()) {
      List<JsonNode> minutes =
          followPages(
              vendor,
              "/v2/aggs/ticker/AAPL/range/1/minute/2024-03-08/2024-03-08?adjusted=false&limit=100");
      assertThat(minutes).hasSize(390);
      SimulatedBar day = vendor.bar("AAPL", LocalDate.of(2024, 3, 8), LATE_2025);
      assertThat(minutes.get(0).get("t").asLong())
          .isEqualTo(Instant.parse("2024-03-08T14:30:00Z").toEpochMilli());
      assertThat(minutes.get(389).get("t").asLong())
          .isEqualTo(Instant.parse("2024-03-08T20:59:00Z").toEpochMilli());
      assertThat(minutes.get(0).get("o").asDouble()).isEqualTo(day.o());
      assertThat(minutes.get(389).get("c").asDouble()).isEqualTo(day.c());
      assertThat(minutes.stream().mapToDouble(m -> m.get("h").asDouble()).max().orElseThrow())
          .isEqualTo(day.h());
      assertThat(minutes.stream().mapToDouble(m -> m.get("l").asDouble()).min().orElseThrow())
          .isEqualTo(day.l());
      assertThat(minutes.stream().mapToDouble(m -> m.get("v").asDouble()).sum()).isEqualTo(day.v());
      for (JsonNode minute : minutes) {
        assertThat(minute.get("l").asDouble()).isLessThanOrEqualTo(minute.get("o").asDouble());
        assertThat(minute.get("h").asDouble()).isGreaterThanOrEqualTo(minute.get("c").asDouble());
      }
      JsonNode early =
          get(vendor, "/v2/aggs/ticker/AAPL/range/1/minute/2024-11-29/2024-11-29?limit=50000");
      assertThat(early.get("resultsCount").asInt()).as("09:30 to 13:00").isEqualTo(210);
    }
  }

  @Test
  @DisplayName("a split symbol's raw price drops at the ex date; other symbols are not adjusted")
  void splitSymbolsHaveRawAndAdjustedPrices() throws IOException {
    try (PolygonSimulator vendor = simulator(LATE_2025).start()) {
      String range = "/range/1/day/2024-06-07/2024-06-10";
      JsonNode raw = get(vendor, "/v2/aggs/ticker/SPLT" + range + "?adjusted=false").get("results");
      JsonNode adjusted = get(vendor, "/v2/aggs/ticker/SPLT" + range).get("results");
      double rawBefore = raw.get(0).get("c").asDouble();
      double adjustedBefore = adjusted.get(0).get("c").asDouble();
      assertThat(rawBefore).isCloseTo(4 * adjustedBefore, within(0.0004));
      assertThat(raw.get(0).get("v").asDouble() * 4)
          .isCloseTo(adjusted.get(0).get("v").asDouble(), within(4.0));
      assertThat(raw.get(1)).as("on the ex date raw = adjusted").isEqualTo(adjusted.get(1));
      assertThat(raw.get(1).get("c").asDouble()).isLessThan(rawBefore / 2);
      String aaplRange = "/v2/aggs/ticker/AAPL/range/1/day/2024-01-01/2024-12-31";
      assertThat(get(vendor, aaplRange + "?adjusted=false").get("results"))
          .isEqualTo(get(vendor, aaplRange).get("results"));
      JsonNode reverse =
          get(vendor, "/v2/aggs/ticker/RSPL/range/1/day/2024-08-19/2024-08-20?adjusted=false")
              .get("results");
      assertThat(reverse.get(1).get("c").asDouble())
          .isGreaterThan(3 * reverse.get(0).get("c").asDouble());
      JsonNode gone =
          get(vendor, "/v2/aggs/ticker/GONE/range/1/day/2024-09-27/2024-10-04").get("results");
      assertThat(gone).hasSize(2);
      assertThat(
              Instant.ofEpochMilli(gone.get(1).get("t").asLong())
                  .atZone(NyseCalendar.ZONE)
                  .toLocalDate())
          .isEqualTo(LocalDate.of(2024, 9, 30));
    }
  }

  @Test
  @DisplayName(
      "the adjusted series applies a split from 00:00 New York of its ex date, as pitlake does")
  void adjustedSeriesAppliesASplitFromTheStartOfItsExDateInNewYork() throws IOException {
    String path = "/v2/aggs/ticker/SPLT/range/1/day/2024-06-07/2024-06-07";
    double raw;
    try (PolygonSimulator vendor = simulator(Instant.parse("2024-06-10T03:59:59.999Z")).start()) {
      raw = get(vendor, path + "?adjusted=false").get("results").get(0).get("c").asDouble();
      assertThat(get(vendor, path).get("results").get(0).get("c").asDouble()).isEqualTo(raw);
    }
    try (PolygonSimulator vendor = simulator(Instant.parse("2024-06-10T04:00:00Z")).start()) {
      assertThat(get(vendor, path).get("results").get(0).get("c").asDouble()).isEqualTo(raw * 0.25);
    }
  }

  @Test
  @DisplayName("a symbol with missed splits has an adjusted series equal to its raw one")
  void missedSplitsLeaveOnlyThatSymbolsAdjustedSeriesRaw() throws IOException {
    try (PolygonSimulator vendor =
        PolygonSimulator.builder()
            .apiKey(KEY)
            .clock(Clock.fixed(LATE_2025, ZoneOffset.UTC))
            .missedSplits("SPLT")
            .build()
            .start()) {
      String splt = "/v2/aggs/ticker/SPLT/range/1/day/2024-06-03/2024-06-14";
      assertThat(get(vendor, splt).get("results"))
          .isEqualTo(get(vendor, splt + "?adjusted=false").get("results"));
      String rspl = "/v2/aggs/ticker/RSPL/range/1/day/2024-08-19/2024-08-19";
      assertThat(get(vendor, rspl).get("results").get(0).get("c").asDouble())
          .isEqualTo(
              10 * get(vendor, rspl + "?adjusted=false").get("results").get(0).get("c").asDouble());
    }
  }

  private static PolygonSimulator simulator(Instant now) {
    return PolygonSimulator.builder().apiKey(KEY).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
  }

  /** Every result of every page, following next_url with the key as a Bearer header. */
  static List<JsonNode> followPages(PolygonSimulator vendor, String firstPath) throws IOException {
    List<JsonNode> results = new ArrayList<>();
    String url = vendor.baseUrl() + firstPath;
    for (int pages = 0; url != null; pages++) {
      assertThat(pages).as("pages followed").isLessThan(20);
      assertThat(url).doesNotContain(KEY);
      JsonNode body = getUrl(url);
      if (body.has("results")) {
        body.get("results").forEach(results::add);
      }
      url = body.has("next_url") ? body.get("next_url").asText() : null;
    }
    return results;
  }

  private static JsonNode get(PolygonSimulator vendor, String path) throws IOException {
    return getUrl(vendor.baseUrl() + path);
  }

  private static JsonNode getUrl(String url) throws IOException {
    Request request =
        new Request.Builder().url(url).header("Authorization", "Bearer " + KEY).build();
    try (Response response = HTTP.newCall(request).execute()) {
      String body = response.body().string();
      assertThat(response.code()).as("%s: %s", url, body).isEqualTo(200);
      return MAPPER.readTree(body);
    }
  }

  private static int status(PolygonSimulator vendor, String path) throws IOException {
    Request request =
        new Request.Builder()
            .url(vendor.baseUrl() + path)
            .header("Authorization", "Bearer " + KEY)
            .build();
    try (Response response = HTTP.newCall(request).execute()) {
      return response.code();
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode fixture(String name) throws IOException {
    try (var in = PolygonSimulatorDatasetsTest.class.getResourceAsStream("/apiref/" + name)) {
      assertThat(in).as("test resource /apiref/%s", name).isNotNull();
      return MAPPER.readTree(in);
    }
  }
}
