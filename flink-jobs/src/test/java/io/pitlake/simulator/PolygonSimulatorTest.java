package io.pitlake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PolygonSimulatorTest {

  private static final String KEY = "test-key";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final NyseCalendar CALENDAR = NyseCalendar.instance();
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate DEC_31 = LocalDate.of(2024, 12, 31);
  private static final Instant T0 = Instant.parse("2025-01-02T12:00:00Z");

  @AfterAll
  static void closeClient() {
    HTTP.dispatcher().executorService().shutdown();
    HTTP.connectionPool().evictAll();
  }

  @Test
  @DisplayName("2024 has one bar per NYSE session, stamped 00:00 New York")
  void servesOneBarPerSession() throws IOException {
    try (PolygonSimulator vendor = simulator().build().start()) {
      JsonNode body = getJson(vendor, aggs("AAPL", "2024-01-01", "2024-12-31"));
      assertThat(body.get("resultsCount").asInt()).isEqualTo(252);
      assertThat(body.get("count").asInt()).isEqualTo(252);
      assertThat(body.has("next_url")).isFalse();
      List<LocalDate> dates = new ArrayList<>();
      body.get("results").forEach(bar -> dates.add(dateOf(bar)));
      assertThat(dates)
          .isEqualTo(CALENDAR.sessions(JAN_1, DEC_31))
          .doesNotContain(LocalDate.of(2024, 7, 4));
      assertThat(tOf(body, LocalDate.of(2024, 1, 2)))
          .isEqualTo(Instant.parse("2024-01-02T05:00:00Z").toEpochMilli());
      assertThat(tOf(body, LocalDate.of(2024, 7, 2)))
          .isEqualTo(Instant.parse("2024-07-02T04:00:00Z").toEpochMilli());
    }
  }

  @Test
  @DisplayName("every bar is valid OHLC with 4-decimal prices, whole volumes and vw in range")
  void barsSatisfyOhlcInvariants() throws IOException {
    try (PolygonSimulator vendor = simulator().build().start()) {
      for (String symbol : List.of("AAPL", "MSFT", "BRK.A", "X")) {
        JsonNode body = getJson(vendor, aggs(symbol, "2000-01-01", "2024-12-31") + "&limit=50000");
        assertThat(body.get("resultsCount").asInt()).isEqualTo(sessionCount(2000, 2024));
        for (JsonNode bar : body.get("results")) {
          assertThat(bar.get("v").isDouble()).as("v is a JSON double").isTrue();
          assertThat(bar.get("n").isInt()).as("n is a JSON int").isTrue();
          assertValid(
              new SimulatedBar(
                  bar.get("o").asDouble(),
                  bar.get("h").asDouble(),
                  bar.get("l").asDouble(),
                  bar.get("c").asDouble(),
                  bar.get("v").asDouble(),
                  bar.get("vw").asDouble(),
                  bar.get("n").asInt(),
                  bar.get("t").asLong()));
        }
      }
      LocalDate last = NyseCalendar.LAST_SUPPORTED_DATE;
      for (LocalDate session : CALENDAR.sessions(NyseCalendar.FIRST_SUPPORTED_DATE, last)) {
        assertValid(vendor.bar("ZZZZ", session, T0));
      }
    }
  }

  @Test
  @DisplayName("bars depend only on seed, symbol and session, not on the requested range")
  void barsAreDeterministic() throws IOException {
    try (PolygonSimulator first = simulator().seed(7).build().start();
        PolygonSimulator second = simulator().seed(7).build().start();
        PolygonSimulator otherSeed = simulator().seed(8).build().start()) {
      JsonNode year = getJson(first, aggs("AAPL", "2024-01-01", "2024-12-31")).get("results");
      assertThat(getJson(second, aggs("AAPL", "2024-01-01", "2024-12-31")).get("results"))
          .isEqualTo(year);
      assertThat(getJson(otherSeed, aggs("AAPL", "2024-01-01", "2024-12-31")).get("results"))
          .isNotEqualTo(year);

      JsonNode june = getJson(second, aggs("AAPL", "2024-06-01", "2024-06-30")).get("results");
      assertThat(june).isNotEmpty();
      for (JsonNode bar : june) {
        assertThat(barAt(year, bar.get("t").asLong())).isEqualTo(bar);
      }
      JsonNode firstBar = year.get(0);
      SimulatedBar expected = first.bar("AAPL", LocalDate.of(2024, 1, 2), T0);
      assertThat(firstBar.get("c").asDouble()).isEqualTo(expected.c());
      assertThat(firstBar.get("v").asDouble()).isEqualTo(expected.v());
      assertThat(firstBar.get("t").asLong()).isEqualTo(expected.t());
    }
  }

  @Test
  @DisplayName("limit=100 pages through next_url to exactly the 252 bars of 2024, without overlap")
  void pagesThroughNextUrl() throws IOException {
    try (PolygonSimulator vendor = simulator().build().start()) {
      List<Long> ascending =
          followPages(vendor, aggs("AAPL", "2024-01-01", "2024-12-31") + "&limit=100");
      assertThat(ascending).hasSize(252).doesNotHaveDuplicates().isSorted();
      assertThat(ascending.stream().map(PolygonSimulatorTest::dateOf).toList())
          .isEqualTo(CALENDAR.sessions(JAN_1, DEC_31));

      List<Long> descending =
          followPages(vendor, aggs("AAPL", "2024-01-01", "2024-12-31") + "&limit=100&sort=desc");
      assertThat(descending).hasSize(252).doesNotHaveDuplicates();
      assertThat(new ArrayList<>(descending)).isSortedAccordingTo((a, b) -> Long.compare(b, a));
      assertThat(new HashSet<>(descending)).isEqualTo(new HashSet<>(ascending));
    }
  }

  @Test
  @DisplayName("next_url is absolute, rewrites from as the next bar's t and carries no key")
  void nextUrlHasPolygonsShape() throws IOException {
    try (PolygonSimulator vendor = simulator().build().start()) {
      JsonNode page = getJson(vendor, aggs("AAPL", "2024-01-01", "2024-12-31") + "&limit=100");
      String nextUrl = page.get("next_url").asText();
      long hundredFirst =
          SimulatedMarket.startOfDayMillis(CALENDAR.sessions(JAN_1, DEC_31).get(100));
      assertThat(nextUrl)
          .startsWith(
              vendor.baseUrl()
                  + "/v2/aggs/ticker/AAPL/range/1/day/"
                  + hundredFirst
                  + "/2024-12-31?cursor=")
          .doesNotContain(KEY)
          .doesNotContainIgnoringCase("apikey");
      String cursor = HttpUrl.get(nextUrl).queryParameter("cursor");
      assertThat(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8))
          .isEqualTo("limit=100&sort=asc&adjusted=true");
      assertThat(page.get("resultsCount").asInt()).isEqualTo(100);
      assertThat(page.get("queryCount").asInt()).isEqualTo(100);
    }
  }

  @Test
  @DisplayName("sort=desc returns newest first")
  void sortsDescending() throws IOException {
    try (PolygonSimulator vendor = simulator().build().start()) {
      JsonNode results =
          getJson(vendor, aggs("AAPL", "2024-01-01", "2024-01-31") + "&sort=desc").get("results");
      assertThat(dateOf(results.get(0))).isEqualTo(LocalDate.of(2024, 1, 31));
      assertThat(dateOf(results.get(results.size() - 1))).isEqualTo(LocalDate.of(2024, 1, 2));
    }
  }

  @Test
  @DisplayName("from and to accept Unix milliseconds, meaning the New York date of that instant")
  void acceptsMillisecondBounds() throws IOException {
    try (PolygonSimulator vendor = simulator().build().start()) {
      long from = Instant.parse("2024-03-08T03:00:00Z").toEpochMilli(); // 2024-03-07 22:00 ET
      long to = Instant.parse("2024-03-12T15:00:00Z").toEpochMilli();
      JsonNode results = getJson(vendor, aggs("AAPL", "" + from, "" + to)).get("results");
      List<LocalDate> dates = new ArrayList<>();
      results.forEach(bar -> dates.add(dateOf(bar)));
      assertThat(dates)
          .containsExactly(
              LocalDate.of(2024, 3, 7),
              LocalDate.of(2024, 3, 8),
              LocalDate.of(2024, 3, 11),
              LocalDate.of(2024, 3, 12));
    }
  }

  @Test
  @DisplayName("a range without sessions has resultsCount 0 and no results key")
  void omitsResultsForAnEmptyRange() throws IOException {
    try (PolygonSimulator vendor = simulator().build().start()) {
      JsonNode body = getJson(vendor, aggs("AAPL", "2024-07-06", "2024-07-07"));
      assertThat(body.get("resultsCount").asInt()).isZero();
      assertThat(body.has("results")).isFalse();
      assertThat(body.has("next_url")).isFalse();
      assertThat(body.get("status").asText()).isEqualTo("OK");
      assertThat(getJson(vendor, aggs("AAPL", "1990-01-01", "1999-12-31")).has("results"))
          .isFalse();
    }
  }

  @Test
  @DisplayName("a missing or wrong key gets 401 without the key echoed; a Bearer header works")
  void authenticates() throws IOException {
    try (PolygonSimulator vendor = simulator().build().start()) {
      String path = "/v2/aggs/ticker/AAPL/range/1/day/2024-01-01/2024-01-31";
      Reply missing = get(vendor.baseUrl() + path, null);
      assertThat(missing.code()).isEqualTo(401);
      assertError(missing, "Unknown API Key");

      Reply wrong = get(vendor.baseUrl() + path + "?apiKey=wrong-key", null);
      assertThat(wrong.code()).isEqualTo(401);
      assertThat(wrong.body()).doesNotContain("wrong-key");
      assertThat(get(vendor.baseUrl() + path, "wrong-key").code()).isEqualTo(401);

      Reply bearer = get(vendor.baseUrl() + path, KEY);
      assertThat(bearer.code()).isEqualTo(200);
      assertThat(MAPPER.readTree(bearer.body()).get("resultsCount").asInt()).isEqualTo(21);
      assertThat(vendor.requestCount()).isEqualTo(4);
    }
  }

  @Test
  @DisplayName(
      "with requestsPerMinute=N the N+1st request in a minute gets 429, then the bucket refills")
  void rateLimitsPerKey() throws IOException {
    MutableClock clock = new MutableClock(T0);
    try (PolygonSimulator vendor = simulator().requestsPerMinute(3).clock(clock).build().start()) {
      String url = aggs("AAPL", "2024-01-01", "2024-01-31");
      for (int i = 0; i < 3; i++) {
        assertThat(get(vendor.baseUrl() + url, null).code()).isEqualTo(200);
      }
      Reply limited = get(vendor.baseUrl() + url, null);
      assertThat(limited.code()).isEqualTo(429);
      assertError(
          limited,
          "You've exceeded the maximum requests per minute, please wait or upgrade your"
              + " subscription to continue.");
      clock.advance(Duration.ofSeconds(20));
      assertThat(get(vendor.baseUrl() + url, null).code()).isEqualTo(200);
      assertThat(get(vendor.baseUrl() + url, null).code()).isEqualTo(429);
    }
  }

  @Test
  @DisplayName("a revision is served from effectiveAt on, and the original before it")
  void servesRevisionsFromEffectiveAt() throws IOException {
    MutableClock clock = new MutableClock(T0);
    LocalDate session = LocalDate.of(2024, 3, 15);
    Instant effectiveAt = T0.plus(Duration.ofHours(1));
    try (PolygonSimulator vendor =
        simulator()
            .clock(clock)
            .revision(new Revision("AAPL", session, effectiveAt))
            .build()
            .start()) {
      String url = aggs("AAPL", "2024-03-14", "2024-03-18");
      JsonNode before = getJson(vendor, url).get("results");
      clock.advance(Duration.ofHours(1));
      JsonNode after = getJson(vendor, url).get("results");

      SimulatedBar original = vendor.bar("AAPL", session, T0);
      SimulatedBar revised = vendor.bar("AAPL", session, effectiveAt);
      assertThat(before.get(1).get("c").asDouble()).isEqualTo(original.c());
      assertThat(after.get(1).get("c").asDouble()).isEqualTo(revised.c());
      assertThat(after.get(1).get("v").asDouble())
          .isEqualTo(revised.v())
          .isNotEqualTo(original.v());
      assertThat(Math.abs(revised.c() / original.c() - 1)).isBetween(0.0049, 0.0201);
      assertValid(revised);
      assertThat(after.get(0)).as("other sessions are not revised").isEqualTo(before.get(0));
      assertThat(after.get(2)).as("other sessions are not revised").isEqualTo(before.get(2));
      assertThat(vendor.bar("AAPL", session, effectiveAt.minusMillis(1))).isEqualTo(original);
    }
  }

  @Test
  @DisplayName("each BadBarKind breaks exactly its bar in its own way")
  void servesBadBars() throws IOException {
    LocalDate missingClose = LocalDate.of(2024, 7, 1);
    LocalDate nonPositive = LocalDate.of(2024, 7, 2);
    LocalDate highBelowLow = LocalDate.of(2024, 7, 3);
    LocalDate closeOutside = LocalDate.of(2024, 7, 5);
    LocalDate holiday = LocalDate.of(2024, 7, 4);
    try (PolygonSimulator vendor =
        simulator()
            .badBar(new BadBar("AAPL", missingClose, BadBarKind.MISSING_CLOSE))
            .badBar(new BadBar("AAPL", nonPositive, BadBarKind.NON_POSITIVE_PRICE))
            .badBar(new BadBar("AAPL", highBelowLow, BadBarKind.HIGH_BELOW_LOW))
            .badBar(new BadBar("AAPL", closeOutside, BadBarKind.CLOSE_OUTSIDE_RANGE))
            .badBar(new BadBar("AAPL", holiday, BadBarKind.CLOSED_DAY))
            .build()
            .start()) {
      JsonNode body = getJson(vendor, aggs("AAPL", "2024-07-01", "2024-07-08"));
      assertThat(body.get("resultsCount").asInt()).isEqualTo(6);
      JsonNode results = body.get("results");

      assertThat(barOn(results, missingClose).has("c")).isFalse();

      JsonNode nonPositiveBar = barOn(results, nonPositive);
      assertThat(nonPositiveBar.get("l").asDouble()).isZero();
      assertThat(nonPositiveBar.get("o").asDouble()).isNegative();

      JsonNode swapped = barOn(results, highBelowLow);
      SimulatedBar swappedOriginal = vendor.bar("AAPL", highBelowLow, T0);
      assertThat(swapped.get("h").asDouble()).isEqualTo(swappedOriginal.l());
      assertThat(swapped.get("l").asDouble()).isEqualTo(swappedOriginal.h());
      assertThat(swapped.get("h").asDouble()).isLessThan(swapped.get("l").asDouble());

      JsonNode outside = barOn(results, closeOutside);
      assertThat(outside.get("c").asDouble()).isGreaterThan(outside.get("h").asDouble());

      JsonNode closedDay = barOn(results, holiday);
      assertThat(closedDay.get("t").asLong())
          .isEqualTo(Instant.parse("2024-07-04T04:00:00Z").toEpochMilli());
      assertThat(closedDay.get("c").asDouble()).isPositive();

      JsonNode clean = barOn(results, LocalDate.of(2024, 7, 8));
      assertThat(clean.get("c").asDouble())
          .isEqualTo(vendor.bar("AAPL", LocalDate.of(2024, 7, 8), T0).c());
      assertThat(
              getJson(vendor, aggs("MSFT", "2024-07-01", "2024-07-08")).get("resultsCount").asInt())
          .as("defects are per symbol")
          .isEqualTo(5);
    }
  }

  @Test
  @DisplayName("the builder rejects impossible scenarios with a message naming the setting")
  void builderValidatesScenarios() {
    assertThatThrownBy(
            () ->
                simulator()
                    .badBar(new BadBar("AAPL", LocalDate.of(2024, 7, 5), BadBarKind.CLOSED_DAY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CLOSED_DAY")
        .hasMessageContaining("2024-07-05");
    assertThatThrownBy(
            () ->
                simulator()
                    .badBar(new BadBar("AAPL", LocalDate.of(2024, 7, 4), BadBarKind.MISSING_CLOSE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Independence Day");
    assertThatThrownBy(
            () -> simulator().revision(new Revision("AAPL", LocalDate.of(2024, 7, 6), T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("revision session 2024-07-06");
    assertThatThrownBy(() -> simulator().requestsPerMinute(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestsPerMinute is -1");
    assertThatThrownBy(() -> simulator().apiKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> simulator().build().baseUrl())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("start()");
  }

  @Test
  @DisplayName("malformedPage answers 200 with an HTML body for that symbol only")
  void servesMalformedPages() throws IOException {
    try (PolygonSimulator vendor = simulator().malformedPage("BAD").build().start()) {
      Reply reply = get(vendor.baseUrl() + aggs("BAD", "2024-01-01", "2024-01-31"), null);
      assertThat(reply.code()).isEqualTo(200);
      assertThat(reply.contentType()).startsWith("text/html");
      assertThat(reply.body())
          .isEqualTo("<html><body>Service temporarily unavailable</body></html>");
      Reply good = get(vendor.baseUrl() + aggs("GOOD", "2024-01-01", "2024-01-31"), null);
      assertThat(good.contentType()).startsWith("application/json");
    }
  }

  @Test
  @DisplayName("unsupported ranges and parameters get 400, unknown paths 404, both as JSON")
  void rejectsBadRequests() throws IOException {
    try (PolygonSimulator vendor = simulator().build().start()) {
      String base = vendor.baseUrl() + "/v2/aggs/ticker/AAPL/range/";
      assertThat(get(base + "5/day/2024-01-01/2024-01-31?apiKey=" + KEY, null).code())
          .isEqualTo(400);
      // Minute bars are served since the simulator gained them; other timespans are not.
      assertThat(get(base + "1/hour/2024-01-01/2024-01-31?apiKey=" + KEY, null).code())
          .isEqualTo(400);
      Reply badDate = get(base + "1/day/2024-02-30/2024-03-31?apiKey=" + KEY, null);
      assertThat(badDate.code()).isEqualTo(400);
      assertError(
          badDate,
          "Could not parse '2024-02-30' as the from date; use YYYY-MM-DD or a Unix millisecond timestamp");
      Reply tooLarge = get(base + "1/day/2024-01-01/2024-01-31?limit=50001&apiKey=" + KEY, null);
      assertThat(tooLarge.code()).isEqualTo(400);
      assertThat(tooLarge.body()).contains("limit is '50001' but must be between 1 and 50000");
      assertThat(get(base + "1/day/2024-01-01/2024-01-31?sort=up&apiKey=" + KEY, null).code())
          .isEqualTo(400);
      Reply unknown = get(vendor.baseUrl() + "/v3/quotes/AAPL?apiKey=" + KEY, null);
      assertThat(unknown.code()).isEqualTo(404);
      assertThat(unknown.contentType()).startsWith("application/json");
      assertThat(MAPPER.readTree(unknown.body()).get("status").asText()).isEqualTo("NOT_FOUND");
    }
  }

  @Test
  @DisplayName(
      "a response has the top-level fields, field order and bar fields of Polygon's fixtures")
  void matchesPolygonFixtureShape() throws IOException {
    JsonNode paged = fixture("polygon-aggs-day-paged.json");
    JsonNode single = fixture("polygon-aggs-day.json");
    try (PolygonSimulator vendor = simulator().build().start()) {
      JsonNode firstPage = getJson(vendor, aggs("AAPL", "2020-01-01", "2020-01-10") + "&limit=2");
      Set<String> expected = fieldNames(paged);
      expected.add("count"); // polygon-aggs-day.json has it; the paged example omits it
      assertThat(fieldNames(firstPage)).isEqualTo(expected);
      assertThat(fieldNames(firstPage.get("results").get(0)))
          .isEqualTo(fieldNames(paged.get("results").get(0)));
      assertThat(firstPage.get("results").get(0).get("t").asLong())
          .as("the same first bar as Polygon's example")
          .isEqualTo(paged.get("results").get(0).get("t").asLong());
      // Polygon's example resumes at the day after the last bar (Saturday 2020-01-04); the
      // simulator resumes at the next bar (Monday 2020-01-06). Both are valid for a client.
      assertThat(firstPage.get("next_url").asText())
          .isEqualTo(
              vendor.baseUrl()
                  + "/v2/aggs/ticker/AAPL/range/1/day/1578286800000/2020-01-10"
                  + "?cursor=bGltaXQ9MiZzb3J0PWFzYyZhZGp1c3RlZD10cnVl");

      JsonNode lastPage = getJson(vendor, aggs("AAPL", "2005-04-01", "2005-04-04"));
      assertThat(orderedFieldNames(lastPage)).isEqualTo(orderedFieldNames(single));
      assertThat(orderedFieldNames(lastPage.get("results").get(0)))
          .isEqualTo(orderedFieldNames(single.get("results").get(0)));
      for (int i = 0; i < 2; i++) {
        assertThat(lastPage.get("results").get(i).get("t"))
            .isEqualTo(single.get("results").get(i).get("t"));
      }
    }
  }

  private static PolygonSimulatorBuilder simulator() {
    return PolygonSimulator.builder().seed(42).apiKey(KEY).clock(Clock.fixed(T0, ZoneOffset.UTC));
  }

  private static String aggs(String symbol, String from, String to) {
    return String.format("/v2/aggs/ticker/%s/range/1/day/%s/%s?apiKey=%s", symbol, from, to, KEY);
  }

  /** Follows next_url with the key in a Bearer header, as the Polygon client library does. */
  private static List<Long> followPages(PolygonSimulator vendor, String firstPath)
      throws IOException {
    List<Long> times = new ArrayList<>();
    String url = vendor.baseUrl() + firstPath;
    for (int pages = 0; url != null; pages++) {
      assertThat(pages).as("pages followed").isLessThan(10);
      Reply reply = get(url, KEY);
      assertThat(reply.code()).as(url).isEqualTo(200);
      JsonNode body = MAPPER.readTree(reply.body());
      body.get("results").forEach(bar -> times.add(bar.get("t").asLong()));
      url = body.has("next_url") ? body.get("next_url").asText() : null;
    }
    return times;
  }

  private static JsonNode getJson(PolygonSimulator vendor, String path) throws IOException {
    Reply reply = get(vendor.baseUrl() + path, null);
    assertThat(reply.code()).as("%s: %s", path, reply.body()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    return MAPPER.readTree(reply.body());
  }

  private static Reply get(String url, String bearer) throws IOException {
    Request.Builder request = new Request.Builder().url(url);
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try (Response response = HTTP.newCall(request.build()).execute()) {
      return new Reply(
          response.code(), response.header("Content-Type", ""), response.body().string());
    }
  }

  private static void assertError(Reply reply, String error) throws IOException {
    assertThat(reply.contentType()).startsWith("application/json");
    JsonNode body = MAPPER.readTree(reply.body());
    assertThat(orderedFieldNames(body)).containsExactly("status", "request_id", "error");
    assertThat(body.get("status").asText()).isEqualTo("ERROR");
    assertThat(body.get("request_id").asText()).matches("[0-9a-f]{32}");
    assertThat(body.get("error").asText()).isEqualTo(error);
  }

  private static void assertValid(SimulatedBar bar) {
    assertThat(bar.l()).as("l > 0 in %s", bar).isPositive();
    assertThat(bar.h())
        .as("h >= max(o, c) in %s", bar)
        .isGreaterThanOrEqualTo(Math.max(bar.o(), bar.c()));
    assertThat(bar.l())
        .as("l <= min(o, c) in %s", bar)
        .isLessThanOrEqualTo(Math.min(bar.o(), bar.c()));
    assertThat(bar.vw()).as("vw in [l, h] in %s", bar).isBetween(bar.l(), bar.h());
    assertThat(bar.v())
        .as("v whole and positive in %s", bar)
        .isPositive()
        .isEqualTo(Math.rint(bar.v()));
    assertThat(bar.n()).as("n in %s", bar).isPositive();
    for (double price : new double[] {bar.o(), bar.h(), bar.l(), bar.c(), bar.vw()}) {
      assertThat(price * 10_000)
          .as("4 decimals in %s", bar)
          .isCloseTo(Math.rint(price * 10_000), within(1e-3));
    }
    assertThat(Instant.ofEpochMilli(bar.t()).atZone(NyseCalendar.ZONE).toLocalTime())
        .as("t at midnight New York in %s", bar)
        .hasToString("00:00");
  }

  private static JsonNode barOn(JsonNode results, LocalDate date) {
    for (JsonNode bar : results) {
      if (dateOf(bar).equals(date)) {
        return bar;
      }
    }
    throw new AssertionError("no bar on " + date + " in " + results);
  }

  private static JsonNode barAt(JsonNode results, long t) {
    return barOn(results, dateOf(t));
  }

  private static long tOf(JsonNode body, LocalDate date) {
    return barOn(body.get("results"), date).get("t").asLong();
  }

  private static LocalDate dateOf(JsonNode bar) {
    return dateOf(bar.get("t").asLong());
  }

  private static LocalDate dateOf(long t) {
    return Instant.ofEpochMilli(t).atZone(ZoneId.of("America/New_York")).toLocalDate();
  }

  private static int sessionCount(int fromYear, int toYear) {
    return CALENDAR.sessions(LocalDate.of(fromYear, 1, 1), LocalDate.of(toYear, 12, 31)).size();
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = PolygonSimulatorTest.class.getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return MAPPER.readTree(in);
    }
  }

  private static Set<String> fieldNames(JsonNode node) {
    return new HashSet<>(orderedFieldNames(node));
  }

  private static List<String> orderedFieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private record Reply(int code, String contentType, String body) {}

  /** A clock the test moves by hand, so that time-dependent behaviour needs no sleeps. */
  private static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration duration) {
      now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the test clock is UTC only");
    }
  }
}
