package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.simulator.BadBar;
import io.pitlake.simulator.BadBarKind;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.SimulatedBar;
import io.pitlake.source.rest.Credentials;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.testing.SecretScan;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bar datasets besides the spine's daily aggregates (Polygon grouped daily and minute bars,
 * Alpaca daily and minute bars) and Polygon ticker details: ingested from the simulators into raw
 * bronze, then typed into {@code silver.vendor_bars} (days) and {@code silver.minute_bars}
 * (minutes, path {@code rest}). The simulators derive minute bars from the daily bar, so the test
 * can check each vendor's minutes against the other datasets' days. A bar that breaks a price rule
 * goes to {@code silver.quarantine} instead.
 */
class VendorBarsITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final LocalDate REGULAR = LocalDate.parse("2024-11-27");
  static final LocalDate EARLY_CLOSE = LocalDate.parse("2024-11-29");
  static final List<String> SYMBOLS = List.of("AAPL", "MSFT");

  @TempDir Path root;

  @Test
  @DisplayName("vendors' days land in silver.vendor_bars, their minutes in silver.minute_bars")
  void everyBarDatasetIsTypedInOneSilverTable() throws Exception {
    String alpacaSecret = "alpaca-secret-5d1e77a0b9";
    try (PolygonSimulator polygon = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        AlpacaSimulator alpaca =
            AlpacaSimulator.builder().keyPair("PKTESTKEY456", alpacaSecret).build().start();
        Lake lake = new Lake(root.resolve("lake"))) {
      Configuration options = Runs.options();
      options.set(PolygonOptions.BASE_URL, polygon.baseUrl());
      options.set(AlpacaOptions.BASE_URL, alpaca.baseUrl());
      Path polygonKey = Files.writeString(root.resolve("polygon.key"), Runs.KEY);
      Path alpacaKey =
          Files.writeString(root.resolve("alpaca.key"), "PKTESTKEY456:" + alpacaSecret);
      RawIngestPlan plan =
          new RawIngestPlan(
              lake.config(),
              List.of(
                  VendorDataset.POLYGON_GROUPED_DAILY,
                  VendorDataset.POLYGON_AGGS_MINUTE,
                  VendorDataset.ALPACA_BARS_DAY,
                  VendorDataset.ALPACA_BARS_MINUTE,
                  VendorDataset.POLYGON_TICKER_DETAILS),
              SYMBOLS,
              List.of(),
              REGULAR,
              EARLY_CLOSE,
              Map.of(
                  "polygon", Credentials.fromFile(polygonKey),
                  "alpaca", Credentials.fromFile(alpacaKey)),
              options);
      Backfill backfill = new Backfill(new Configuration(), line -> {});

      Backfill.Result ingested = backfill.ingest(plan);
      backfill.buildSql(lake.config(), options, RunMode.BATCH, Layer.VENDOR_BARS, Layer.INTRADAY);

      assertThat(ingested.rows("silver.quarantine")).isZero();
      assertThat(lake.rows(PitlakeTables.SILVER_QUARANTINE)).isEmpty();
      // A regular session has 390 minutes, the day after Thanksgiving closes at 13:00: 210.
      int minutes = 390 + 210;
      List<Map<String, Object>> bars = lake.rows(PitlakeTables.SILVER_VENDOR_BARS);
      List<Map<String, Object>> minuteBars = lake.rows(PitlakeTables.SILVER_MINUTE_BARS);
      Map<String, Long> perDataset =
          bars.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.get("vendor") + "." + r.get("dataset"), Collectors.counting()));
      assertThat(perDataset).containsEntry("alpaca.bars_day", 4L).hasSize(2);
      assertThat(
              minuteBars.stream()
                  .collect(
                      Collectors.groupingBy(
                          r -> r.get("vendor") + " " + r.get("path"), Collectors.counting())))
          .containsOnly(
              Map.entry("polygon rest", 2L * minutes), Map.entry("alpaca rest", 2L * minutes));
      assertThat(perDataset.get("polygon.grouped_daily"))
          .as("the whole simulated market, two sessions")
          .isGreaterThanOrEqualTo(4)
          .isEven();
      assertThat(bars)
          .allSatisfy(
              r -> {
                assertThat(r.get("version")).isEqualTo(1);
                assertThat(r).as("insert-only").doesNotContainKey("superseded_at");
              });
      assertThat(minuteBars).allSatisfy(r -> assertThat(r.get("version")).isEqualTo(1));

      for (String symbol : SYMBOLS) {
        for (LocalDate session : List.of(REGULAR, EARLY_CLOSE)) {
          Map<String, Object> grouped = day(bars, "polygon", "grouped_daily", symbol, session);
          Map<String, Object> alpacaDay = day(bars, "alpaca", "bars_day", symbol, session);
          for (String column : List.of("event_time", "open", "high", "low", "close", "volume")) {
            assertThat(alpacaDay.get(column))
                .as("%s %s %s: Alpaca and Polygon agree", symbol, session, column)
                .isEqualTo(grouped.get(column));
          }
          for (String vendor : List.of("polygon", "alpaca")) {
            assertMinutesAddUpToTheDay(minuteBars, vendor, symbol, session, grouped);
          }
        }
      }

      // Daily bars include after-hours trading: 20:00 New York, 17:00 on an early-close day,
      // plus the 15-minute publication delay. Minute bars: their window's end plus 2 s, when the
      // vendors' streams deliver them (TABLES.md "silver.minute_bars").
      assertThat(day(bars, "alpaca", "bars_day", "AAPL", REGULAR).get("available_at"))
          .isEqualTo(Instant.parse("2024-11-28T01:15:00Z"));
      assertThat(day(bars, "polygon", "grouped_daily", "AAPL", EARLY_CLOSE).get("available_at"))
          .isEqualTo(Instant.parse("2024-11-29T22:15:00Z"));
      assertThat(minuteBars)
          .as("minute bars")
          .isNotEmpty()
          .allSatisfy(
              r ->
                  assertThat(r.get("available_at"))
                      .isEqualTo(((Instant) r.get("event_time")).plus(Duration.ofSeconds(62))));

      // Ticker details: one snapshot per ticker as of the month's last session in the range.
      assertThat(lake.rows(VendorDataset.POLYGON_TICKER_DETAILS.table()))
          .extracting(r -> r.get("observation_key"))
          .containsExactlyInAnyOrder("AAPL|2024-11-29", "MSFT|2024-11-29");
      SecretScan.assertNoRowHolds(
          lake,
          plan.datasets().stream().map(VendorDataset::table).toList(),
          Runs.KEY,
          alpacaSecret);
    }
  }

  @Test
  @DisplayName("a vendor bar that breaks a price rule is quarantined with its rule and payload")
  void badVendorBarIsQuarantined() throws Exception {
    String alpacaSecret = "alpaca-secret-1f6a3c92e4";
    try (AlpacaSimulator alpaca =
            AlpacaSimulator.builder()
                .keyPair("PKTESTKEY789", alpacaSecret)
                .badBar(new BadBar("AAPL", REGULAR, BadBarKind.HIGH_BELOW_LOW))
                .badBar(new BadBar("MSFT", EARLY_CLOSE, BadBarKind.MISSING_CLOSE))
                .build()
                .start();
        Lake lake = new Lake(root.resolve("bad"))) {
      Configuration options = Runs.options();
      options.set(AlpacaOptions.BASE_URL, alpaca.baseUrl());
      Path alpacaKey =
          Files.writeString(root.resolve("alpaca-bad.key"), "PKTESTKEY789:" + alpacaSecret);
      RawIngestPlan plan =
          new RawIngestPlan(
              lake.config(),
              List.of(VendorDataset.ALPACA_BARS_DAY),
              SYMBOLS,
              List.of(),
              REGULAR,
              EARLY_CLOSE,
              Map.of("alpaca", Credentials.fromFile(alpacaKey)),
              options);
      Backfill backfill = new Backfill(new Configuration(), line -> {});

      backfill.ingest(plan);
      backfill.buildSql(lake.config(), options, RunMode.BATCH, Layer.VENDOR_BARS);

      assertThat(lake.rows(VendorDataset.ALPACA_BARS_DAY.table()))
          .as("bronze keeps all")
          .hasSize(4);
      assertThat(lake.rows(PitlakeTables.SILVER_VENDOR_BARS))
          .extracting(r -> r.get("symbol") + " " + r.get("session_date"))
          .containsExactlyInAnyOrder("AAPL " + EARLY_CLOSE, "MSFT " + REGULAR);
      Instant asOf = Instant.now();
      SimulatedBar aapl = alpaca.bar("AAPL", REGULAR, asOf);
      assertThat(lake.rows(PitlakeTables.SILVER_QUARANTINE))
          .extracting(
              r ->
                  String.join(
                      " ",
                      (String) r.get("source"),
                      (String) r.get("stage"),
                      (String) r.get("symbol"),
                      r.get("session_date").toString(),
                      (String) r.get("reason")))
          .containsExactlyInAnyOrder(
              "alpaca.bars_day silver AAPL " + REGULAR + " high h below low l",
              "alpaca.bars_day silver MSFT "
                  + EARLY_CLOSE
                  + " missing or non-numeric field c (close)");
      Map<String, Object> highBelowLow =
          lake.rows(PitlakeTables.SILVER_QUARANTINE).stream()
              .filter(r -> "AAPL".equals(r.get("symbol")))
              .findFirst()
              .orElseThrow();
      JsonNode payload = new ObjectMapper().readTree((String) highBelowLow.get("payload"));
      assertThat(payload.get("h").asDouble()).isEqualTo(aapl.l());
      assertThat(payload.get("l").asDouble()).isEqualTo(aapl.h());
      assertThat((String) highBelowLow.get("request_url")).contains("/v2/stocks/bars");
    }
  }

  private static Map<String, Object> day(
      List<Map<String, Object>> bars,
      String vendor,
      String dataset,
      String symbol,
      LocalDate session) {
    return bars.stream()
        .filter(
            r ->
                r.get("vendor").equals(vendor)
                    && r.get("dataset").equals(dataset)
                    && r.get("symbol").equals(symbol)
                    && r.get("session_date").equals(session))
        .collect(
            Collectors.collectingAndThen(
                Collectors.toList(),
                list -> {
                  assertThat(list).as("%s.%s %s %s", vendor, dataset, symbol, session).hasSize(1);
                  return list.get(0);
                }));
  }

  private static void assertMinutesAddUpToTheDay(
      List<Map<String, Object>> bars,
      String vendor,
      String symbol,
      LocalDate session,
      Map<String, Object> day) {
    List<Map<String, Object>> minutes =
        bars.stream()
            .filter(
                r ->
                    vendor.equals(r.get("vendor"))
                        && r.get("symbol").equals(symbol)
                        && r.get("session_date").equals(session))
            .sorted(Comparator.comparing(r -> (Instant) r.get("event_time")))
            .toList();
    String what = vendor + " minutes " + symbol + " " + session;
    assertThat(minutes).as(what).isNotEmpty();
    assertThat(minutes.get(0).get("open")).as(what).isEqualTo(day.get("open"));
    assertThat(minutes.get(minutes.size() - 1).get("close")).as(what).isEqualTo(day.get("close"));
    assertThat(minutes.stream().mapToDouble(r -> (Double) r.get("high")).max().orElseThrow())
        .as(what)
        .isEqualTo((Double) day.get("high"));
    assertThat(minutes.stream().mapToDouble(r -> (Double) r.get("low")).min().orElseThrow())
        .as(what)
        .isEqualTo((Double) day.get("low"));
    double volume = minutes.stream().mapToDouble(r -> (Double) r.get("volume")).sum();
    assertThat(volume).as(what).isCloseTo((Double) day.get("volume"), within(1e-6));
  }
}
