package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.features.minute.MinuteBar;
import io.pitlake.features.minute.MinuteFeatures;
import io.pitlake.features.minute.ReferenceMinuteFeatures;
import io.pitlake.job.ingest.IntradayChannel;
import io.pitlake.job.ingest.IntradayVendor;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.simulator.AlpacaWebSocketServer;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.PolygonWebSocketServer;
import io.pitlake.simulator.ReplayWebSocketServer;
import io.pitlake.simulator.SentBar;
import io.pitlake.simulator.SessionReplay;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.websocket.WebSocketSourceOptions;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.LogCapture;
import io.pitlake.testing.Runs;
import io.pitlake.testing.SecretScan;
import io.pitlake.time.NyseCalendar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job with {@code --intraday polygon}: the simulator's websocket replays a whole session
 * of minute aggregates at 1,500 times real speed, with some bars revised and some re-sent
 * unchanged, while the job also polls daily bars by REST. Every bar's newest version in {@code
 * silver.minute_bars} must equal the REST simulator's minute bar, every distinct content the
 * websocket sent must be a version (and nothing else), every {@code available_at} must come after
 * the bar's window, and the key must be in no row. {@code gold.bar_features_minute}, built in batch
 * from the REST bars, in a streaming build, on the bars known by noon and in the live job from the
 * websocket's, must hold exactly the rows of a plain computation. With chaos (cut frames, dropped
 * connections), every cut frame must be quarantined with its raw text and the feed must go on.
 *
 * <p>The same for {@code --intraday alpaca} at 3,000 times real speed: Alpaca's websocket sends
 * {@code updatedBars} about 30 s after a bar, and the settled bars must equal the Alpaca REST
 * simulator's {@code 1Min} bars, trade count included; its chaos also refuses logins with 406.
 */
class IntradayLiveITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
  static final LocalDate SESSION = LocalDate.of(2024, 3, 1);
  static final Duration DEADLINE = Duration.ofMinutes(3);
  static final String ALPACA_ID = "PKINTRADAYTEST";
  static final String ALPACA_SECRET = "alpaca-secret-3e9b71c04d";

  @TempDir Path root;

  @TempDir Path knownRoot;

  @Test
  @DisplayName("websocket minute bars settle to the REST minute bars, one version per content")
  void websocketBarsSettleToRestBars() throws Exception {
    try (PolygonSimulator simulator =
            PolygonSimulator.builder().seed(5).apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(root)) {
      // The same session by REST first, typed by the same file into the same table (path
      // 'rest'); the live job must leave those rows alone.
      Runs.ingestPolygon(
          lake, simulator, List.of(VendorDataset.POLYGON_AGGS_MINUTE), SYMBOLS, SESSION, SESSION);
      buildIntraday(lake);
      List<Map<String, Object>> restGold = restMinuteFeatures(lake);
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(new SessionReplay(SESSION, 1_500, SYMBOLS, 0.08, 0.04, 7));
      Map<BarKey, Set<Values>> sent = runUntilStored(lake, simulator, websocket, websocket.url());
      List<Map<String, Object>> both = lake.rows(PitlakeTables.SILVER_MINUTE_BARS);
      List<Map<String, Object>> silver = onPath(both, "websocket");

      // The live job computed gold.bar_features_minute in-stream from the websocket's versions
      // (its first day in this lake): the plain computation's rows, next to the REST build's.
      List<Map<String, Object>> gold = lake.rows(PitlakeTables.GOLD_BAR_FEATURES_MINUTE);
      List<Map<String, Object>> liveGold =
          gold.stream().filter(r -> !restGold.contains(r)).toList();
      assertThat(gold).hasSize(restGold.size() + liveGold.size());
      assertIsReference(liveGold, silver);
      assertThat(liveGold).hasSizeGreaterThan(silver.size());

      Map<BarKey, List<Map<String, Object>>> versions = assertOneVersionPerContent(silver, sent);
      assertResentUnchanged(websocket);

      // The REST path: every bar once, as the REST simulator serves it, known at its window's end
      // plus the default 2 s (the live job did not type bronze's REST rows again).
      List<Map<String, Object>> restRows = onPath(both, "rest");
      Map<BarKey, Values> rest = restMinuteBars(simulator);
      assertThat(rest).hasSize(SYMBOLS.size() * 390);
      assertThat(restRows).hasSize(rest.size());
      Map<BarKey, Values> restPath = new TreeMap<>();
      for (Map<String, Object> row : restRows) {
        restPath.put(BarKey.of(row), Values.of(row));
        assertThat((Instant) row.get("available_at"))
            .isEqualTo(((Instant) row.get("event_time")).plus(Duration.ofSeconds(62)));
      }
      assertThat(restPath).isEqualTo(rest);

      // The newest websocket version of every bar equals the REST path's bar.
      Map<BarKey, Values> settled = new TreeMap<>();
      versions.forEach((key, rows) -> settled.put(key, Values.of(newest(rows))));
      assertThat(settled).isEqualTo(rest);

      for (Map<String, Object> row : silver) {
        Instant windowEnd = ((Instant) row.get("event_time")).plus(Duration.ofMinutes(1));
        assertThat((Instant) row.get("available_at")).as("row %s", row).isAfter(windowEnd);
        assertThat(row.get("path")).isEqualTo("websocket");
        assertThat(row.get("trades")).as("AM frames carry no trade count").isNull();
      }
      // A later version is known no earlier.
      assertLaterVersionsNeverKnownEarlier(versions);
      assertThat(lake.rows(PitlakeTables.BRONZE_POLYGON_WS)).hasSize(silver.size());
      // A batch build of the same bronze gives the table the live job wrote, row for row.
      buildIntraday(lake);
      assertThat(lake.rows(PitlakeTables.SILVER_MINUTE_BARS))
          .containsExactlyInAnyOrderElementsOf(both);
      // The rebuild merges both paths' versions of each minute, newest known first.
      assertIsReference(lake.rows(PitlakeTables.GOLD_BAR_FEATURES_MINUTE), both);
      assertThat(lake.rows(PitlakeTables.SILVER_QUARANTINE)).isEmpty();
      SecretScan.assertNoRowHolds(
          lake,
          List.of(
              PitlakeTables.BRONZE_POLYGON_WS,
              PitlakeTables.GOLD_BAR_FEATURES_MINUTE,
              PitlakeTables.SILVER_MINUTE_BARS,
              PitlakeTables.SILVER_QUARANTINE,
              PitlakeTables.BRONZE_POLYGON_AGGS),
          Runs.KEY);
    }
  }

  @Test
  @DisplayName(
      "chaos: cut frames quarantined raw; after the gap fills every settled bar is there once;"
          + " each drop is an outage")
  void chaosFramesAreQuarantinedAndDropsSurvived() throws Exception {
    try (PolygonSimulator simulator =
            PolygonSimulator.builder().seed(5).apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(root)) {
      PolygonWebSocketServer websocket =
          simulator.startWebSocket(
              new SessionReplay(SESSION, 1_500, SYMBOLS, 0.05, 0.02, 11).withChaos(0.03, 0.01));
      Map<BarKey, Set<Values>> sent = runUntilStored(lake, simulator, websocket, websocket.url());
      assertChaosQuarantinedAndSurvived(lake, websocket, sent, "polygon.ws", "[{\"ev\":\"AM\"");
      assertGapsFilled(lake, websocket, restMinuteBars(simulator), "polygon");
      SecretScan.assertNoRowHolds(
          lake,
          List.of(
              PitlakeTables.BRONZE_POLYGON_WS,
              PitlakeTables.SILVER_QUARANTINE,
              PitlakeTables.BRONZE_FEED_OUTAGES),
          Runs.KEY);
    }
  }

  @Test
  @DisplayName(
      "alpaca: websocket bars settle to Alpaca's REST minute bars; updatedBars are versions")
  void alpacaWebsocketBarsSettleToAlpacaRestBars() throws Exception {
    try (PolygonSimulator daily =
            PolygonSimulator.builder().seed(5).apiKey(Runs.KEY).build().start();
        AlpacaSimulator alpaca =
            AlpacaSimulator.builder().seed(5).keyPair(ALPACA_ID, ALPACA_SECRET).build().start();
        Lake lake = new Lake(root);
        LogCapture log = LogCapture.start(Runs.KEY, ALPACA_SECRET)) {
      AlpacaWebSocketServer websocket =
          alpaca.startWebSocket(new SessionReplay(SESSION, 3_000, SYMBOLS, 0.08, 0.04, 7));
      Map<BarKey, Set<Values>> sent =
          runUntilStored(
              lake,
              daily,
              websocket,
              websocket.url("sip"),
              alpaca.baseUrl(),
              alpacaKey(),
              IntradayVendor.ALPACA,
              Runs.options());
      List<Map<String, Object>> silver =
          onPath(lake.rows(PitlakeTables.SILVER_MINUTE_BARS), "websocket");
      assertThat(silver).allSatisfy(row -> assertThat(row.get("vendor")).isEqualTo("alpaca"));

      // Every distinct content sent (b, then u with other values) is one version, nothing else.
      Map<BarKey, List<Map<String, Object>>> versions = assertOneVersionPerContent(silver, sent);
      assertResentUnchanged(websocket);

      // The newest version of every bar is Alpaca's REST minute bar, trade count included.
      Map<BarKey, Values> settled = new TreeMap<>();
      Map<BarKey, Long> settledTrades = new TreeMap<>();
      versions.forEach(
          (key, rows) -> {
            settled.put(key, Values.of(newest(rows)));
            settledTrades.put(key, (Long) newest(rows).get("trades"));
          });
      Map<BarKey, Long> restTrades = new TreeMap<>();
      Map<BarKey, Values> rest = alpacaRestMinuteBars(alpaca, restTrades);
      assertThat(rest).hasSize(SYMBOLS.size() * 390);
      assertThat(settled).isEqualTo(rest);
      assertThat(settledTrades).isEqualTo(restTrades);

      for (Map<String, Object> row : silver) {
        Instant windowEnd = ((Instant) row.get("event_time")).plus(Duration.ofMinutes(1));
        assertThat((Instant) row.get("available_at")).as("row %s", row).isAfter(windowEnd);
      }
      // Bronze keeps each element as received: a first version is a bar (b), a later one an
      // update (u) of the same t, known later.
      List<Map<String, Object>> bronze = lake.rows(PitlakeTables.BRONZE_ALPACA_WS);
      assertThat(bronze).hasSize(silver.size());
      for (Map<String, Object> row : bronze) {
        assertThat(row.get("channel")).isEqualTo("bars");
        assertThat(row.get("endpoint")).isEqualTo(websocket.url("sip"));
        assertThat((String) row.get("payload"))
            .startsWith((Integer) row.get("version") == 1 ? "{\"T\":\"b\"" : "{\"T\":\"u\"");
      }
      assertLaterVersionsNeverKnownEarlier(versions);
      // A batch build of the same bronze gives the table the live job wrote, row for row.
      List<Map<String, Object>> streamed = lake.rows(PitlakeTables.SILVER_MINUTE_BARS);
      buildIntraday(lake);
      assertThat(lake.rows(PitlakeTables.SILVER_MINUTE_BARS))
          .containsExactlyInAnyOrderElementsOf(streamed);
      assertThat(lake.rows(PitlakeTables.SILVER_QUARANTINE)).isEmpty();
      SecretScan.assertNoRowHolds(
          lake,
          List.of(
              PitlakeTables.BRONZE_ALPACA_WS,
              PitlakeTables.SILVER_MINUTE_BARS,
              PitlakeTables.SILVER_QUARANTINE),
          ALPACA_SECRET,
          Runs.KEY);
      assertThat(log.events()).as("events logged by the live job").isGreaterThan(100);
      // The simulator's websocket server (Java-WebSocket) stands in for Alpaca, which reads the
      // secret by design; its own TRACE lines are the vendor's side, not pitlake's.
      assertThat(log.hits().stream().filter(line -> !line.contains(" org.java_websocket.")))
          .as("log lines holding a secret")
          .isEmpty();
    }
  }

  @Test
  @DisplayName("alpaca chaos: cut frames quarantined raw; drops and 406 refusals survived")
  void alpacaChaosFramesAreQuarantinedAndRefusalsSurvived() throws Exception {
    try (PolygonSimulator daily =
            PolygonSimulator.builder().seed(5).apiKey(Runs.KEY).build().start();
        AlpacaSimulator alpaca =
            AlpacaSimulator.builder().seed(5).keyPair(ALPACA_ID, ALPACA_SECRET).build().start();
        Lake lake = new Lake(root)) {
      AlpacaWebSocketServer websocket =
          alpaca.startWebSocket(
              new SessionReplay(SESSION, 3_000, SYMBOLS, 0.05, 0.02, 11).withChaos(0.03, 0.01));
      Configuration options = Runs.options();
      // The simulator refuses the login after a drop (406): wait briefly, not Alpaca's 90 s.
      options.set(WebSocketSourceOptions.CONNECTION_LIMIT_HOLD, Duration.ofMillis(20));
      Map<BarKey, Set<Values>> sent =
          runUntilStored(
              lake,
              daily,
              websocket,
              websocket.url("iex"),
              alpaca.baseUrl(),
              alpacaKey(),
              IntradayVendor.ALPACA,
              options);
      assertThat(websocket.refusedCount()).as("logins refused with 406").isPositive();
      assertChaosQuarantinedAndSurvived(lake, websocket, sent, "alpaca.ws", "[{\"T\":\"");
      assertGapsFilled(lake, websocket, alpacaRestMinuteBars(alpaca, new TreeMap<>()), "alpaca");
      SecretScan.assertNoRowHolds(
          lake,
          List.of(
              PitlakeTables.BRONZE_ALPACA_WS,
              PitlakeTables.SILVER_QUARANTINE,
              PitlakeTables.BRONZE_FEED_OUTAGES),
          ALPACA_SECRET);
    }
  }

  /** The Alpaca simulator's key pair, in a key file as a Kubernetes Secret would mount it. */
  private Credentials alpacaKey() throws Exception {
    Path file = Files.writeString(root.resolve("alpaca.key"), ALPACA_ID + ":" + ALPACA_SECRET);
    return Credentials.fromFile(file);
  }

  /**
   * The session's minute bars as the Alpaca REST simulator serves them over HTTP ({@code
   * timeframe=1Min}), and their trade counts into {@code trades}.
   */
  private static Map<BarKey, Values> alpacaRestMinuteBars(
      AlpacaSimulator simulator, Map<BarKey, Long> trades) throws Exception {
    OkHttpClient http = new OkHttpClient();
    ObjectMapper json = new ObjectMapper();
    Map<BarKey, Values> bars = new TreeMap<>();
    String token = null;
    do {
      String url =
          String.format(
              "%s/v2/stocks/bars?symbols=%s&timeframe=1Min&start=%s&end=%s&feed=sip"
                  + "&adjustment=raw&limit=10000%s",
              simulator.baseUrl(),
              String.join(",", SYMBOLS),
              SESSION.atStartOfDay(ZoneOffset.UTC).toInstant(),
              SESSION.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
              token == null ? "" : "&page_token=" + token);
      Request request =
          new Request.Builder()
              .url(url)
              .header("APCA-API-KEY-ID", ALPACA_ID)
              .header("APCA-API-SECRET-KEY", ALPACA_SECRET)
              .build();
      try (Response response = http.newCall(request).execute()) {
        assertThat(response.code()).isEqualTo(200);
        JsonNode body = json.readTree(response.body().string());
        body.path("bars")
            .fields()
            .forEachRemaining(
                symbol -> {
                  for (JsonNode bar : symbol.getValue()) {
                    BarKey key =
                        new BarKey(
                            symbol.getKey(), Instant.parse(bar.get("t").asText()).toEpochMilli());
                    bars.put(key, Values.of(bar));
                    trades.put(key, bar.get("n").asLong());
                  }
                });
        token =
            body.path("next_page_token").isTextual() ? body.get("next_page_token").asText() : null;
      }
    } while (token != null);
    return bars;
  }

  /**
   * Runs the live job with the intraday feed until the replay ended and silver holds as many rows
   * as the feed delivered distinct contents and gold their features (or the deadline), then cancels
   * it. Returns the distinct contents the replay sent per bar.
   */
  private static Map<BarKey, Set<Values>> runUntilStored(
      Lake lake, PolygonSimulator simulator, ReplayWebSocketServer websocket, String url)
      throws Exception {
    return runUntilStored(
        lake,
        simulator,
        websocket,
        url,
        simulator.baseUrl(),
        null,
        IntradayVendor.POLYGON,
        Runs.options());
  }

  /**
   * {@link #runUntilStored(Lake, PolygonSimulator, ReplayWebSocketServer, String)} for {@code
   * vendor}'s websocket at {@code url} with {@code credentials} ({@code null}: the daily poll's
   * Polygon key), its gaps filled from the REST API at {@code restBaseUrl}.
   */
  private static Map<BarKey, Set<Values>> runUntilStored(
      Lake lake,
      PolygonSimulator simulator,
      ReplayWebSocketServer websocket,
      String url,
      String restBaseUrl,
      @Nullable Credentials credentials,
      IntradayVendor vendor,
      Configuration options)
      throws Exception {
    JobClient job =
        Runs.startIntraday(
            lake,
            simulator,
            websocket,
            SYMBOLS,
            SESSION,
            url,
            restBaseUrl,
            credentials,
            vendor,
            EnumSet.of(IntradayChannel.BARS),
            options);
    try {
      assertThat(websocket.awaitReplayed(DEADLINE)).as("the replay ends").isTrue();
      long expected = websocket.replay().disconnectRate() > 0 ? 0 : distinct(websocket.sent());
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      long stable = 0;
      long last = -1;
      // Without chaos: until every distinct content is stored. With drops, what arrived is not
      // known in advance: until two commits in a row added nothing.
      long goldBefore = lake.rows(PitlakeTables.GOLD_BAR_FEATURES_MINUTE).size();
      while (System.nanoTime() < deadline) {
        Thread.sleep(1_000);
        List<Map<String, Object>> all = lake.rows(PitlakeTables.SILVER_MINUTE_BARS);
        List<Map<String, Object>> websocketRows = onPath(all, "websocket");
        // With drops, the gap fills' rows count too.
        long rows = expected > 0 ? websocketRows.size() : all.size();
        // Gold's last rows come one flush delay after the replay's last bar, in a later commit.
        if (expected > 0
            ? rows >= expected
                && lake.rows(PitlakeTables.GOLD_BAR_FEATURES_MINUTE).size()
                    >= goldBefore + referenceRows(websocketRows)
            : rows == last && ++stable >= 3) {
          break;
        }
        if (rows != last) {
          stable = 0;
        }
        last = rows;
      }
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    } finally {
      job.cancel().get();
    }
    return contents(websocket.sent());
  }

  /**
   * Every distinct content the replay sent is one version of its bar in {@code silver} and nothing
   * else is; more than ten bars were revised. Returns the versions per bar.
   */
  private static Map<BarKey, List<Map<String, Object>>> assertOneVersionPerContent(
      List<Map<String, Object>> silver, Map<BarKey, Set<Values>> sent) {
    Map<BarKey, List<Map<String, Object>>> versions = versions(silver);
    assertThat(stored(versions)).isEqualTo(sent);
    assertThat(silver).hasSize(sent.values().stream().mapToInt(Set::size).sum());
    assertThat(sent.values().stream().filter(v -> v.size() > 1).count())
        .as("revised bars")
        .isGreaterThan(10);
    return versions;
  }

  /**
   * The replay dropped the feed at least once; each cut frame is in the quarantine ({@code source})
   * with its raw text (starting {@code payload}); what the websocket delivered is stored as sent
   * ({@link #assertGapsFilled} checks what the REST gap fills added).
   */
  private static void assertChaosQuarantinedAndSurvived(
      Lake lake,
      ReplayWebSocketServer websocket,
      Map<BarKey, Set<Values>> sent,
      String source,
      String payload) {
    assertThat(websocket.disconnectCount()).isPositive();
    // The feed's own rows: gold quarantines, besides, the gap-filled minutes that arrived more than
    // its settled horizon (60 replayed minutes, a few seconds here) after their time.
    assertThat(
            lake.rows(PitlakeTables.SILVER_QUARANTINE).stream()
                .filter(row -> !"gold".equals(row.get("stage"))))
        .hasSize(websocket.malformedCount())
        .allSatisfy(row -> assertThat(row.get("source")).isEqualTo(source))
        .allSatisfy(row -> assertThat(row.get("stage")).isEqualTo("ingest"))
        .allSatisfy(
            row -> assertThat((String) row.get("reason")).startsWith("frame is not valid JSON"))
        .allSatisfy(row -> assertThat((String) row.get("payload")).startsWith(payload));
    Map<BarKey, Set<Values>> stored =
        stored(versions(onPath(lake.rows(PitlakeTables.SILVER_MINUTE_BARS), "websocket")));
    assertThat(stored.size()).isGreaterThan(SYMBOLS.size() * 390 / 2);
    stored.forEach((key, values) -> assertThat(sent.get(key)).as("%s", key).containsAll(values));
  }

  /**
   * After the gap fills every settled bar of the session ({@code rest}, the vendor's REST minute
   * bars) is in {@code silver.minute_bars}, and no bar holds one content twice; the fills added
   * bars on path {@code rest}, available from their fetch. Each drop of the replay is one row of
   * {@code bronze.feed_outages} that ends after it starts, within the session's day, and the fills'
   * bar counts cover the rows they added.
   */
  private static void assertGapsFilled(
      Lake lake, ReplayWebSocketServer websocket, Map<BarKey, Values> rest, String vendor) {
    assertThat(rest).hasSize(SYMBOLS.size() * 390);
    List<Map<String, Object>> silver = lake.rows(PitlakeTables.SILVER_MINUTE_BARS);
    Map<BarKey, List<Map<String, Object>>> versions = versions(silver);
    rest.forEach(
        (key, settled) ->
            assertThat(versions.getOrDefault(key, List.of()).stream().map(Values::of))
                .as("settled bar %s", key)
                .contains(settled));
    versions.forEach(
        (key, rows) ->
            assertThat(rows.stream().map(r -> r.get("payload_hash")))
                .as("contents of %s", key)
                .doesNotHaveDuplicates());
    List<Map<String, Object>> filled = onPath(silver, "rest");
    assertThat(filled).as("bars the gap fills added").isNotEmpty();
    for (Map<String, Object> row : filled) {
      Instant windowEnd = ((Instant) row.get("event_time")).plus(Duration.ofMinutes(1));
      assertThat((Instant) row.get("available_at")).as("row %s", row).isAfter(windowEnd);
    }
    List<Map<String, Object>> outages = lake.rows(PitlakeTables.BRONZE_FEED_OUTAGES);
    assertThat(outages).hasSize(websocket.disconnectCount());
    Instant dayStart = SESSION.atStartOfDay(NyseCalendar.ZONE).toInstant();
    Instant dayEnd = SESSION.plusDays(1).atStartOfDay(NyseCalendar.ZONE).toInstant();
    for (Map<String, Object> outage : outages) {
      Instant start = (Instant) outage.get("event_time");
      Instant end = (Instant) outage.get("end_time");
      assertThat(outage.get("vendor")).isEqualTo(vendor);
      assertThat(start).as("outage %s", outage).isBetween(dayStart, dayEnd).isBefore(end);
      // Replayed minutes: at 3,000x a reconnect refused (406) for two seconds is 100 minutes.
      assertThat(end).as("outage %s", outage).isBefore(start.plus(Duration.ofHours(2)));
      assertThat((Instant) outage.get("available_at")).isAfterOrEqualTo(end);
      assertThat(outage.get("symbols")).isEqualTo(String.join(",", SYMBOLS));
      assertThat(outage.get("fill_error")).as("outage %s", outage).isNull();
      assertThat((Integer) outage.get("fill_requests")).isPositive();
    }
    assertThat(outages.stream().mapToInt(o -> (Integer) o.get("filled_bars")).sum())
        .isGreaterThanOrEqualTo(filled.size());
  }

  /** The replay re-sent more than ten bars unchanged (which must add no version). */
  private static void assertResentUnchanged(ReplayWebSocketServer websocket) {
    assertThat(websocket.sent().stream().filter(b -> b.kind() == SentBar.Kind.RESENT).count())
        .as("bars re-sent unchanged, which add no version")
        .isGreaterThan(10);
  }

  /** A later version of a bar is known no earlier than the one before it. */
  private static void assertLaterVersionsNeverKnownEarlier(
      Map<BarKey, List<Map<String, Object>>> versions) {
    versions.values().stream()
        .filter(rows -> rows.size() > 1)
        .forEach(
            rows -> {
              rows.sort(Comparator.comparing(r -> (Integer) r.get("version")));
              // Not before, rather than after: elements of one frame share its receipt instant, and
              // a replay that runs late (a loaded machine, 3,000x speed) can put a bar and its
              // update in one frame. The as-of reads break such a tie by version.
              for (int i = 1; i < rows.size(); i++) {
                assertThat((Instant) rows.get(i).get("available_at"))
                    .isAfterOrEqualTo((Instant) rows.get(i - 1).get("available_at"));
              }
            });
  }

  private static Map<String, Object> newest(List<Map<String, Object>> rows) {
    return rows.stream().max(Comparator.comparing(r -> (Integer) r.get("version"))).orElseThrow();
  }

  /**
   * gold.bar_features_minute as a batch build over the REST backfill left it: the plain
   * computation's rows; the same rows from a streaming build (batch = streaming); and, on a lake
   * holding only the REST bars known by noon, exactly the rows known by noon (the prefix property).
   */
  private List<Map<String, Object>> restMinuteFeatures(Lake lake) throws Exception {
    List<Map<String, Object>> batch = lake.rows(PitlakeTables.GOLD_BAR_FEATURES_MINUTE);
    assertIsReference(batch, lake.rows(PitlakeTables.SILVER_MINUTE_BARS));
    assertThat(batch).hasSize(SYMBOLS.size() * 390);
    assertThat(batch)
        .filteredOn(r -> r.get("vol_30m") != null && r.get("ret_60m") != null)
        .hasSizeGreaterThan(SYMBOLS.size() * 300);
    new Backfill(new Configuration(), line -> {})
        .buildSql(lake.config(), Runs.options(), RunMode.STREAMING, Layer.INTRADAY);
    assertThat(lake.rows(PitlakeTables.GOLD_BAR_FEATURES_MINUTE))
        .containsExactlyInAnyOrderElementsOf(batch);
    Instant noon = SESSION.atTime(12, 0).atZone(NyseCalendar.ZONE).toInstant();
    try (Lake known = new Lake(knownRoot)) {
      lake.copyTo(
          known,
          VendorDataset.POLYGON_AGGS_MINUTE.table(),
          r -> !((OffsetDateTime) r.getField("available_at")).toInstant().isAfter(noon));
      buildIntraday(known);
      List<Map<String, Object>> byNoon =
          batch.stream().filter(r -> !((Instant) r.get("available_at")).isAfter(noon)).toList();
      assertThat(byNoon).hasSizeGreaterThan(SYMBOLS.size() * 100);
      assertThat(known.rows(PitlakeTables.GOLD_BAR_FEATURES_MINUTE))
          .containsExactlyInAnyOrderElementsOf(byNoon);
    }
    return batch;
  }

  /** How many rows the plain computation gives over the silver versions. */
  private static long referenceRows(List<Map<String, Object>> silver) {
    return SYMBOLS.stream()
        .mapToLong(
            symbol ->
                ReferenceMinuteFeatures.rows(
                        silver.stream()
                            .filter(r -> symbol.equals(r.get("symbol")))
                            .map(
                                r ->
                                    MinuteBar.fromSilver(r::get, t -> ((Instant) t).toEpochMilli()))
                            .toList())
                    .size())
        .sum();
  }

  /** {@code gold} holds exactly the plain computation's rows over the silver versions. */
  private static void assertIsReference(
      List<Map<String, Object>> gold, List<Map<String, Object>> silver) {
    Comparator<MinuteFeatures> order =
        Comparator.comparing(MinuteFeatures::symbol)
            .thenComparingLong(MinuteFeatures::availableAt)
            .thenComparingLong(MinuteFeatures::eventTime);
    List<MinuteFeatures> expected = new ArrayList<>();
    for (String symbol : SYMBOLS) {
      expected.addAll(
          ReferenceMinuteFeatures.rows(
              silver.stream()
                  .filter(r -> symbol.equals(r.get("symbol")))
                  .map(r -> MinuteBar.fromSilver(r::get, t -> ((Instant) t).toEpochMilli()))
                  .toList()));
    }
    expected.sort(order);
    assertThat(gold.stream().map(IntradayLiveITCase::features).sorted(order).toList())
        .usingRecursiveFieldByFieldElementComparator(ReferenceMinuteFeatures.CLOSE)
        .isEqualTo(expected);
  }

  private static MinuteFeatures features(Map<String, Object> row) {
    return new MinuteFeatures(
        (String) row.get("symbol"),
        (String) row.get("vendor"),
        ((Instant) row.get("event_time")).toEpochMilli(),
        ((Instant) row.get("available_at")).toEpochMilli(),
        ((Instant) row.get("ingested_at")).toEpochMilli(),
        (String) row.get("path"),
        (Integer) row.get("bar_version"),
        (Boolean) row.get("regular_session"),
        (Double) row.get("close"),
        (Double) row.get("volume"),
        (Double) row.get("ret_1m"),
        (Double) row.get("ret_5m"),
        (Double) row.get("ret_15m"),
        (Double) row.get("ret_60m"),
        (Double) row.get("vol_30m"),
        (Double) row.get("vwap_dev"),
        (Double) row.get("volume_share"),
        (Double) row.get("session_open"),
        (Double) row.get("session_high"),
        (Double) row.get("session_low"),
        (Double) row.get("session_close"),
        (Double) row.get("session_volume"),
        (Double) row.get("session_vwap"));
  }

  private static void buildIntraday(Lake lake) {
    new Backfill(new Configuration(), line -> {})
        .buildSql(lake.config(), Runs.options(), RunMode.BATCH, Layer.INTRADAY);
  }

  private static List<Map<String, Object>> onPath(List<Map<String, Object>> rows, String path) {
    return rows.stream().filter(r -> path.equals(r.get("path"))).toList();
  }

  private static long distinct(List<SentBar> sent) {
    return contents(sent).values().stream().mapToLong(Set::size).sum();
  }

  private static Map<BarKey, List<Map<String, Object>>> versions(List<Map<String, Object>> silver) {
    Map<BarKey, List<Map<String, Object>>> versions = new TreeMap<>();
    for (Map<String, Object> row : silver) {
      versions.computeIfAbsent(BarKey.of(row), k -> new ArrayList<>()).add(row);
    }
    return versions;
  }

  private static Map<BarKey, Set<Values>> stored(Map<BarKey, List<Map<String, Object>>> versions) {
    Map<BarKey, Set<Values>> stored = new TreeMap<>();
    versions.forEach(
        (key, rows) ->
            stored.put(
                key,
                rows.stream()
                    .map(Values::of)
                    .collect(Collectors.toCollection(LinkedHashSet::new))));
    return stored;
  }

  /** Each bar's distinct contents in the order the replay sent them. */
  private static Map<BarKey, Set<Values>> contents(List<SentBar> sent) {
    Map<BarKey, Set<Values>> contents = new TreeMap<>();
    for (SentBar bar : sent) {
      contents
          .computeIfAbsent(new BarKey(bar.symbol(), bar.startMillis()), k -> new LinkedHashSet<>())
          .add(new Values(bar.o(), bar.h(), bar.l(), bar.c(), bar.v(), bar.vw()));
    }
    return contents;
  }

  /** The session's minute bars as the REST simulator serves them over HTTP. */
  private static Map<BarKey, Values> restMinuteBars(PolygonSimulator simulator) throws Exception {
    OkHttpClient http = new OkHttpClient();
    ObjectMapper json = new ObjectMapper();
    Map<BarKey, Values> bars = new HashMap<>();
    for (String symbol : SYMBOLS) {
      String url =
          String.format(
              "%s/v2/aggs/ticker/%s/range/1/minute/%s/%s?adjusted=false&limit=50000&apiKey=%s",
              simulator.baseUrl(), symbol, SESSION, SESSION, Runs.KEY);
      try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
        assertThat(response.code()).isEqualTo(200);
        for (JsonNode bar : json.readTree(response.body().string()).path("results")) {
          bars.put(new BarKey(symbol, bar.get("t").asLong()), Values.of(bar));
        }
      }
    }
    return new TreeMap<>(bars);
  }

  record BarKey(String symbol, long startMillis) implements Comparable<BarKey> {
    static BarKey of(Map<String, Object> row) {
      return new BarKey(
          (String) row.get("symbol"), ((Instant) row.get("event_time")).toEpochMilli());
    }

    @Override
    public int compareTo(BarKey other) {
      return Comparator.comparing(BarKey::symbol)
          .thenComparingLong(BarKey::startMillis)
          .compare(this, other);
    }
  }

  record Values(double o, double h, double l, double c, long v, double vw) {
    /** A bar as Polygon's REST aggregates write it ({@code o, h, l, c, v, vw}). */
    static Values of(JsonNode bar) {
      return new Values(
          bar.get("o").asDouble(),
          bar.get("h").asDouble(),
          bar.get("l").asDouble(),
          bar.get("c").asDouble(),
          bar.get("v").asLong(),
          bar.get("vw").asDouble());
    }

    static Values of(Map<String, Object> row) {
      return new Values(
          (Double) row.get("open"),
          (Double) row.get("high"),
          (Double) row.get("low"),
          (Double) row.get("close"),
          ((Double) row.get("volume")).longValue(),
          (Double) row.get("vwap"));
    }
  }
}
