package io.pitlake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AlpacaSimulatorTest {

  private static final String KEY_ID = "PKTEST";
  private static final String SECRET = "alpaca-test-secret";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final Instant NOW = Instant.parse("2025-12-01T12:00:00Z");

  @AfterAll
  static void closeClient() {
    HTTP.dispatcher().executorService().shutdown();
    HTTP.connectionPool().evictAll();
  }

  @Test
  @DisplayName("both APCA headers are required: none gives 401, a wrong pair 403")
  void authenticatesWithTwoHeaders() throws IOException {
    try (AlpacaSimulator vendor = simulator().start()) {
      String url = vendor.baseUrl() + "/v1beta1/news";
      assertThat(call(url, null, null).code()).isEqualTo(401);
      assertThat(call(url, KEY_ID, null).code()).isEqualTo(401);
      Reply wrong = call(url, KEY_ID, "wrong");
      assertThat(wrong.code()).isEqualTo(403);
      assertThat(MAPPER.readTree(wrong.body()).get("message").asText()).isEqualTo("forbidden");
      assertThat(MAPPER.readTree(wrong.body()).get("code").asInt()).isEqualTo(40310000);
      assertThat(call(url + "?apiKey=" + SECRET, null, null).code()).isEqualTo(401);
      assertThat(call(url, KEY_ID, SECRET).code()).isEqualTo(200);
      assertThat(call(vendor.baseUrl() + "/v2/stocks/trades", KEY_ID, SECRET).code())
          .isEqualTo(404);
    }
  }

  @Test
  @DisplayName("multi-symbol daily bars page by page_token, sorted by symbol then time")
  void pagesMultiSymbolBars() throws IOException {
    try (AlpacaSimulator vendor = simulator().start()) {
      String first =
          "/v2/stocks/bars?symbols=SPLT,AAPL,MSFT&timeframe=1Day&start=2024-06-03"
              + "&end=2024-06-14&limit=7&feed=sip&adjustment=raw";
      List<String> tokens = new ArrayList<>();
      Map<String, List<JsonNode>> bars = new TreeMap<>();
      List<String> order = new ArrayList<>();
      String token = null;
      do {
        JsonNode page = get(vendor, first + (token == null ? "" : "&page_token=" + token));
        int onPage = 0;
        for (var it = page.get("bars").fields(); it.hasNext(); ) {
          var symbol = it.next();
          for (JsonNode bar : symbol.getValue()) {
            bars.computeIfAbsent(symbol.getKey(), k -> new ArrayList<>()).add(bar);
            order.add(symbol.getKey() + " " + bar.get("t").asText());
            onPage++;
          }
        }
        assertThat(onPage).isLessThanOrEqualTo(7);
        token = page.get("next_page_token").isNull() ? null : page.get("next_page_token").asText();
        if (token != null) {
          tokens.add(token);
        }
      } while (token != null && tokens.size() < 10);
      assertThat(tokens).hasSize(4).doesNotHaveDuplicates();
      assertThat(order).hasSize(30).isSorted();
      assertThat(bars.keySet()).containsExactly("AAPL", "MSFT", "SPLT");
      JsonNode aapl = bars.get("AAPL").get(0);
      assertThat(aapl.get("t").asText()).isEqualTo("2024-06-03T04:00:00Z");
      assertThat(fieldNames(aapl)).containsExactly("t", "o", "h", "l", "c", "v", "n", "vw");
    }
  }

  @Test
  @DisplayName("the same seed gives Alpaca and Polygon the same daily bar, raw across a split")
  void agreesWithPolygon() throws IOException {
    try (AlpacaSimulator alpaca = simulator().start();
        PolygonSimulator polygon =
            PolygonSimulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build().start()) {
      for (String symbol : List.of("AAPL", "SPLT")) {
        for (LocalDate session : List.of(LocalDate.of(2024, 6, 7), LocalDate.of(2024, 6, 10))) {
          JsonNode bar =
              get(
                      alpaca,
                      "/v2/stocks/bars?symbols="
                          + symbol
                          + "&timeframe=1Day&start="
                          + session
                          + "&end="
                          + session)
                  .at("/bars/" + symbol + "/0");
          SimulatedBar expected = polygon.bar(symbol, session, NOW);
          assertThat(bar.get("o").asDouble()).isEqualTo(expected.o());
          assertThat(bar.get("h").asDouble()).isEqualTo(expected.h());
          assertThat(bar.get("l").asDouble()).isEqualTo(expected.l());
          assertThat(bar.get("c").asDouble()).isEqualTo(expected.c());
          assertThat(bar.get("v").asLong()).isEqualTo((long) expected.v());
          assertThat(bar.get("vw").asDouble()).isEqualTo(expected.vw());
          assertThat(Instant.parse(bar.get("t").asText()).toEpochMilli()).isEqualTo(expected.t());
        }
      }
      JsonNode adjusted =
          get(
                  alpaca,
                  "/v2/stocks/bars?symbols=SPLT&timeframe=1Day&start=2024-06-07&end=2024-06-07&adjustment=split")
              .at("/bars/SPLT/0");
      assertThat(adjusted.get("c").asDouble() * 4)
          .isCloseTo(polygon.bar("SPLT", LocalDate.of(2024, 6, 7), NOW).c(), within(0.0004));
    }
  }

  @Test
  @DisplayName("minute bars: the regular session of each symbol, paged across symbols")
  void servesMinuteBars() throws IOException {
    try (AlpacaSimulator vendor = simulator().start()) {
      String first =
          "/v2/stocks/bars?symbols=AAPL,MSFT&timeframe=1Min&start=2024-03-08T00:00:00Z"
              + "&end=2024-03-08T23:59:59Z&limit=500";
      JsonNode page1 = get(vendor, first);
      assertThat(page1.at("/bars/AAPL")).hasSize(390);
      assertThat(page1.at("/bars/MSFT")).hasSize(110);
      assertThat(page1.at("/bars/AAPL/0/t").asText()).isEqualTo("2024-03-08T14:30:00Z");
      JsonNode page2 = get(vendor, first + "&page_token=" + page1.get("next_page_token").asText());
      assertThat(page2.at("/bars/MSFT")).hasSize(280);
      assertThat(page2.has("bars") && !page2.get("bars").has("AAPL")).isTrue();
      assertThat(page2.get("next_page_token").isNull()).isTrue();
    }
  }

  @Test
  @DisplayName("corporate actions: the Polygon simulator's facts in Alpaca's grouped shape")
  void servesCorporateActions() throws IOException {
    try (AlpacaSimulator vendor = simulator().start()) {
      JsonNode actions =
          get(vendor, "/v1/corporate-actions?start=2024-01-01&end=2024-12-31")
              .get("corporate_actions");
      assertThat(fieldNames(actions))
          .containsExactly(
              "forward_splits",
              "reverse_splits",
              "cash_dividends",
              "name_changes",
              "worthless_removals");
      JsonNode forward = actions.at("/forward_splits/0");
      assertThat(forward.get("symbol").asText()).isEqualTo("SPLT");
      assertThat(forward.get("old_rate").asInt()).isEqualTo(1);
      assertThat(forward.get("new_rate").asInt()).isEqualTo(4);
      assertThat(forward.get("ex_date").asText()).isEqualTo("2024-06-10");
      JsonNode reverse = actions.at("/reverse_splits/0");
      assertThat(reverse.get("old_rate").asInt()).isEqualTo(10);
      assertThat(reverse.get("new_rate").asInt()).isEqualTo(1);
      assertThat(actions.get("cash_dividends")).hasSize(3);
      assertThat(actions.at("/cash_dividends/2/special").asBoolean()).isTrue();
      assertThat(actions.at("/cash_dividends/2/rate").decimalValue()).isEqualByComparingTo("1.50");
      assertThat(actions.at("/name_changes/0/old_symbol").asText()).isEqualTo("OLDC");
      assertThat(actions.at("/name_changes/0/new_symbol").asText()).isEqualTo("NEWC");
      assertThat(actions.at("/name_changes/0/process_date").asText()).isEqualTo("2024-09-03");
      assertThat(actions.at("/worthless_removals/0/symbol").asText()).isEqualTo("GONE");
      JsonNode fixture = fixture("alpaca-corporate-actions.json").get("corporate_actions");
      assertThat(fieldNames(forward))
          .containsExactlyInAnyOrderElementsOf(fieldNames(fixture.at("/forward_splits/0")));
      assertThat(fieldNames(actions.at("/cash_dividends/0")))
          .containsExactlyInAnyOrderElementsOf(fieldNames(fixture.at("/cash_dividends/0")));

      JsonNode firstPage =
          get(vendor, "/v1/corporate-actions?start=2024-01-01&end=2024-12-31&limit=4");
      String token = firstPage.get("next_page_token").asText();
      JsonNode secondPage =
          get(
              vendor,
              "/v1/corporate-actions?start=2024-01-01&end=2024-12-31&limit=4&page_token=" + token);
      assertThat(fieldNames(secondPage.get("corporate_actions")))
          .containsExactly("cash_dividends", "name_changes", "worthless_removals");
      assertThat(secondPage.get("next_page_token").isNull()).isTrue();
      JsonNode dividends =
          get(
              vendor,
              "/v1/corporate-actions?symbols=DIVC&types=cash_dividend&start=2024-06-01&end=2024-12-31");
      assertThat(dividends.at("/corporate_actions/cash_dividends")).hasSize(2);
    }
  }

  @Test
  @DisplayName("news: the same announcements, newest first by default, paged by page_token")
  void servesNews() throws IOException {
    try (AlpacaSimulator vendor = simulator().start()) {
      JsonNode newest = get(vendor, "/v1beta1/news?limit=5");
      assertThat(newest.get("news")).hasSize(5);
      assertThat(newest.at("/news/0/headline").asText())
          .isEqualTo("DIVC declares special dividend of $1.50 per share");
      JsonNode rest =
          get(vendor, "/v1beta1/news?limit=5&page_token=" + newest.get("next_page_token").asText());
      assertThat(rest.get("news")).hasSize(2);
      assertThat(rest.get("next_page_token").isNull()).isTrue();
      JsonNode split = get(vendor, "/v1beta1/news?symbols=SPLT&sort=asc").at("/news/0");
      assertThat(split.get("created_at").asText()).isEqualTo("2024-05-20T12:30:00Z");
      assertThat(split.get("symbols").get(0).asText()).isEqualTo("SPLT");
      assertThat(fieldNames(split))
          .containsAll(fieldNames(fixture("alpaca-news.json").at("/news/1")));
    }
  }

  @Test
  @DisplayName("bad parameters are refused in Alpaca's error shape")
  void rejectsBadRequests() throws IOException {
    try (AlpacaSimulator vendor = simulator().start()) {
      Reply limit =
          call(
              vendor.baseUrl() + "/v2/stocks/bars?symbols=AAPL&timeframe=1Day&limit=10001",
              KEY_ID,
              SECRET);
      assertThat(limit.code()).isEqualTo(422);
      assertThat(
              call(
                      vendor.baseUrl() + "/v2/stocks/bars?symbols=AAPL&timeframe=1Day&feed=nyse",
                      KEY_ID,
                      SECRET)
                  .code())
          .isEqualTo(400);
      assertThat(call(vendor.baseUrl() + "/v2/stocks/bars?timeframe=1Day", KEY_ID, SECRET).code())
          .isEqualTo(400);
      Reply token = call(vendor.baseUrl() + "/v1beta1/news?page_token=bm9wZQ==", KEY_ID, SECRET);
      assertThat(token.code()).isEqualTo(400);
      assertThat(MAPPER.readTree(token.body()).get("message").asText())
          .isEqualTo("invalid page_token");
    }
  }

  @Test
  @DisplayName("with requestsPerMinute=N the N+1st request in a minute gets 429")
  void rateLimits() throws IOException {
    try (AlpacaSimulator vendor =
        AlpacaSimulator.builder()
            .keyPair(KEY_ID, SECRET)
            .requestsPerMinute(2)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build()
            .start()) {
      String url = vendor.baseUrl() + "/v1beta1/news";
      assertThat(call(url, KEY_ID, SECRET).code()).isEqualTo(200);
      assertThat(call(url, KEY_ID, SECRET).code()).isEqualTo(200);
      assertThat(call(url, KEY_ID, SECRET).code()).isEqualTo(429);
      assertThat(vendor.requestCount()).isEqualTo(3);
    }
  }

  @Test
  @DisplayName(
      "a bad daily bar is served broken as its kind says, its minutes and neighbours whole")
  void servesBadDailyBars() throws IOException {
    LocalDate session = LocalDate.parse("2024-03-08");
    try (AlpacaSimulator vendor =
        AlpacaSimulator.builder()
            .keyPair(KEY_ID, SECRET)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .badBar(new BadBar("AAPL", session, BadBarKind.HIGH_BELOW_LOW))
            .badBar(new BadBar("MSFT", session, BadBarKind.MISSING_CLOSE))
            .build()
            .start()) {
      JsonNode days =
          get(
              vendor,
              "/v2/stocks/bars?symbols=AAPL,MSFT&timeframe=1Day&start=2024-03-07&end=2024-03-08");
      SimulatedBar aapl = vendor.bar("AAPL", session, NOW);
      SimulatedBar aaplBefore = vendor.bar("AAPL", session.minusDays(1), NOW);

      assertThat(days.at("/bars/AAPL/1/h").asDouble()).isEqualTo(aapl.l());
      assertThat(days.at("/bars/AAPL/1/l").asDouble()).isEqualTo(aapl.h());
      assertThat(days.at("/bars/AAPL/1/c").asDouble()).isEqualTo(aapl.c());
      assertThat(days.at("/bars/AAPL/0/h").asDouble()).isEqualTo(aaplBefore.h());
      assertThat(days.at("/bars/AAPL/0/l").asDouble()).isEqualTo(aaplBefore.l());
      assertThat(days.at("/bars/MSFT/1").has("c")).isFalse();
      assertThat(days.at("/bars/MSFT/1/o").asDouble())
          .isEqualTo(vendor.bar("MSFT", session, NOW).o());
      assertThat(days.at("/bars/MSFT/0").has("c")).isTrue();

      JsonNode minutes =
          get(
              vendor,
              "/v2/stocks/bars?symbols=AAPL&timeframe=1Min&start=2024-03-08T00:00:00Z"
                  + "&end=2024-03-08T23:59:59Z&limit=500");
      double high = 0;
      for (JsonNode minute : minutes.at("/bars/AAPL")) {
        high = Math.max(high, minute.get("h").asDouble());
      }
      assertThat(high).isEqualTo(aapl.h());
    }
  }

  @Test
  @DisplayName("bad bars must be sessions, once each, and never CLOSED_DAY")
  void rejectsBadBarsItCannotServe() {
    LocalDate session = LocalDate.parse("2024-03-08");
    assertThatThrownBy(
            () ->
                AlpacaSimulator.builder()
                    .badBar(
                        new BadBar("AAPL", LocalDate.parse("2024-07-04"), BadBarKind.CLOSED_DAY)))
        .hasMessageContaining("CLOSED_DAY")
        .hasMessageContaining("Polygon");
    assertThatThrownBy(
            () ->
                AlpacaSimulator.builder()
                    .badBar(
                        new BadBar(
                            "AAPL", LocalDate.parse("2024-07-04"), BadBarKind.MISSING_CLOSE)))
        .hasMessageContaining("2024-07-04 for AAPL is not an NYSE session");
    assertThatThrownBy(
            () ->
                AlpacaSimulator.builder()
                    .badBar(new BadBar("AAPL", session, BadBarKind.MISSING_CLOSE))
                    .badBar(new BadBar("AAPL", session, BadBarKind.HIGH_BELOW_LOW)))
        .hasMessageContaining("set twice (MISSING_CLOSE and HIGH_BELOW_LOW)");
  }

  @Test
  @DisplayName("in chaos mode a malformed-JSON fault is a complete 200 whose JSON breaks off")
  void chaosServesMalformedJson() throws IOException {
    Chaos malformed = new Chaos(0, 0, 0, 0, 0, 0, 1, Duration.ZERO, 1);
    try (AlpacaSimulator calm = simulator().start();
        AlpacaSimulator chaotic =
            AlpacaSimulator.builder()
                .keyPair(KEY_ID, SECRET)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .chaos(malformed)
                .build()
                .start()) {
      String path = "/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2024-03-04&end=2024-03-08";
      String whole = call(calm.baseUrl() + path, KEY_ID, SECRET).body();
      Reply cut = call(chaotic.baseUrl() + path, KEY_ID, SECRET);
      Reply refused = call(chaotic.baseUrl() + path, KEY_ID, "wrong");

      assertThat(cut.code()).isEqualTo(200);
      assertThat(cut.body()).isEqualTo(whole.substring(0, whole.length() / 2));
      assertThatThrownBy(() -> MAPPER.readTree(cut.body())).isInstanceOf(IOException.class);
      assertThat(refused.code()).as("faults come after the key check").isEqualTo(403);
      assertThat(chaotic.injectedFaults())
          .containsEntry(Chaos.Fault.MALFORMED_JSON, 1)
          .containsEntry(Chaos.Fault.NONE, 0);
    }
  }

  private static AlpacaSimulator simulator() {
    return AlpacaSimulator.builder()
        .keyPair(KEY_ID, SECRET)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  private static JsonNode get(AlpacaSimulator vendor, String path) throws IOException {
    Reply reply = call(vendor.baseUrl() + path, KEY_ID, SECRET);
    assertThat(reply.code()).as("%s: %s", path, reply.body()).isEqualTo(200);
    return MAPPER.readTree(reply.body());
  }

  private static Reply call(String url, String keyId, String secret) throws IOException {
    Request.Builder request = new Request.Builder().url(HttpUrl.get(url));
    if (keyId != null) {
      request.header("APCA-API-KEY-ID", keyId);
    }
    if (secret != null) {
      request.header("APCA-API-SECRET-KEY", secret);
    }
    try (Response response = HTTP.newCall(request.build()).execute()) {
      return new Reply(response.code(), response.body().string());
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode fixture(String name) throws IOException {
    try (var in = AlpacaSimulatorTest.class.getResourceAsStream("/apiref/" + name)) {
      assertThat(in).as("test resource /apiref/%s", name).isNotNull();
      return MAPPER.readTree(in);
    }
  }

  private record Reply(int code, String body) {}
}
