package io.pitlake.source.rest.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.VendorJson;
import io.pitlake.vendor.alpaca.AlpacaBar;
import io.pitlake.vendor.alpaca.AlpacaBarsProtocol;
import io.pitlake.vendor.alpaca.AlpacaCorporateAction;
import io.pitlake.vendor.alpaca.AlpacaCorporateActionsProtocol;
import io.pitlake.vendor.polygon.PolygonAggsProtocol;
import io.pitlake.vendor.polygon.PolygonDataset;
import io.pitlake.vendor.polygon.PolygonDatasetProtocol;
import io.pitlake.vendor.polygon.PolygonDividend;
import io.pitlake.vendor.polygon.PolygonSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two simulators tell one story: read through pitlake's protocols and typed records, Alpaca's
 * and Polygon's bars, splits and dividends agree.
 */
class AlpacaPolygonAgreementTest {

  private static final Instant NOW = Instant.parse("2025-12-01T12:00:00Z");
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate DEC_31 = LocalDate.of(2024, 12, 31);

  @TempDir Path tmp;

  private PolygonSimulator polygon;
  private AlpacaSimulator alpaca;
  private Credentials polygonKey;
  private Credentials alpacaKey;

  @BeforeEach
  void start() throws IOException {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    polygon = PolygonSimulator.builder().clock(clock).build().start();
    alpaca = AlpacaSimulator.builder().clock(clock).build().start();
    polygonKey =
        Credentials.fromFile(
            Files.writeString(tmp.resolve("p.key"), PolygonSimulator.DEFAULT_API_KEY));
    alpacaKey =
        Credentials.fromFile(
            Files.writeString(
                tmp.resolve("a.key"),
                AlpacaSimulator.DEFAULT_KEY_ID + ":" + AlpacaSimulator.DEFAULT_SECRET_KEY));
  }

  @AfterEach
  void stop() {
    polygon.close();
    alpaca.close();
  }

  @Test
  @DisplayName("raw daily closes agree per symbol and session, through a 4-for-1 split")
  void dailyBarsAgree() throws IOException {
    LocalDate from = LocalDate.of(2024, 6, 1);
    LocalDate to = LocalDate.of(2024, 6, 30);
    Map<String, Double> alpacaCloses =
        read(
                alpaca.baseUrl(),
                new AlpacaBarsProtocol(),
                alpacaKey,
                RestSplit.of("AAPL,SPLT", from, to))
            .stream()
            .map(r -> AlpacaBar.parse(r.payload()))
            .collect(
                Collectors.toMap(
                    b -> b.symbol() + "@" + b.eventTime(),
                    AlpacaBar::c,
                    (a, b) -> a,
                    TreeMap::new));
    Map<String, Double> polygonCloses = new TreeMap<>();
    for (String symbol : List.of("AAPL", "SPLT")) {
      for (FetchedRecord record :
          read(
              polygon.baseUrl(),
              new PolygonAggsProtocol(),
              polygonKey,
              RestSplit.of(symbol, from, to))) {
        var bar = VendorJson.object(record.payload(), "bar");
        polygonCloses.put(
            symbol + "@" + Instant.ofEpochMilli(bar.get("t").asLong()), bar.get("c").asDouble());
      }
    }
    assertThat(alpacaCloses).as("19 June sessions (Juneteenth closed) x 2").hasSize(38);
    assertThat(alpacaCloses).isEqualTo(polygonCloses);
  }

  @Test
  @DisplayName("splits and cash dividends agree on symbol, date, ratio and amount")
  void corporateActionsAgree() throws IOException {
    List<AlpacaCorporateAction> alpacaActions =
        read(
                alpaca.baseUrl(),
                new AlpacaCorporateActionsProtocol(),
                alpacaKey,
                RestSplit.of("*", JAN_1, DEC_31))
            .stream()
            .map(r -> AlpacaCorporateAction.parse(r.payload()))
            .toList();
    List<String> alpacaSplits =
        alpacaActions.stream()
            .filter(a -> a.type().endsWith("_split"))
            .map(
                a ->
                    a.symbol()
                        + " "
                        + a.exDate()
                        + " "
                        + a.newRate().divide(a.oldRate()).stripTrailingZeros().toPlainString())
            .toList();
    List<String> polygonSplits =
        read(
                polygon.baseUrl(),
                new PolygonDatasetProtocol(PolygonDataset.SPLITS),
                polygonKey,
                RestSplit.of("*", JAN_1, DEC_31))
            .stream()
            .map(r -> PolygonSplit.parse(r.payload()))
            .map(
                s ->
                    s.ticker()
                        + " "
                        + s.executionDate()
                        + " "
                        + s.ratio().stripTrailingZeros().toPlainString())
            .toList();
    assertThat(alpacaSplits).containsExactly("SPLT 2024-06-10 4", "RSPL 2024-08-20 0.1");
    assertThat(polygonSplits).isEqualTo(alpacaSplits);

    List<String> alpacaDividends =
        alpacaActions.stream()
            .filter(a -> a.type().equals("cash_dividend"))
            .map(
                a ->
                    a.symbol()
                        + " "
                        + a.exDate()
                        + " "
                        + a.rate().stripTrailingZeros().toPlainString()
                        + " "
                        + a.special())
            .toList();
    List<String> polygonDividends =
        read(
                polygon.baseUrl(),
                new PolygonDatasetProtocol(PolygonDataset.DIVIDENDS),
                polygonKey,
                RestSplit.of("*", JAN_1, DEC_31))
            .stream()
            .map(r -> PolygonDividend.parse(r.payload()))
            .map(
                d ->
                    d.ticker()
                        + " "
                        + d.exDividendDate()
                        + " "
                        + d.cashAmount().stripTrailingZeros().toPlainString()
                        + " "
                        + d.isSpecial())
            .toList();
    assertThat(alpacaDividends).hasSize(3).isEqualTo(polygonDividends);
  }

  private static List<FetchedRecord> read(
      String baseUrl, PageProtocol protocol, Credentials credentials, RestSplit split)
      throws IOException {
    try (SplitDrain drain = new SplitDrain(baseUrl, protocol, credentials)) {
      List<FetchedRecord> records = drain.drain(split).records();
      assertThat(records).noneMatch(FetchedRecord::isFailure);
      return records;
    }
  }
}
