package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.vendor.MarketDates;
import io.pitlake.vendor.polygon.PolygonDatasets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options layer over raw bronze as {@code pitlake ingest} writes it: the chain listed on each
 * day with its OCC terms, the daily option bars, and the quarantine of a ticker or a bar that
 * breaks a rule, built in batch and in streaming with the same rows.
 */
class OptionsSilverITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  private static final LocalDate MAY_31 = LocalDate.of(2024, 5, 31);
  private static final LocalDate JUNE_3 = LocalDate.of(2024, 6, 3);
  private static final LocalDate JUNE_7 = LocalDate.of(2024, 6, 7);
  private static final LocalDate JUNE_10 = LocalDate.of(2024, 6, 10);
  private static final String WEEKLY = "O:SPLT240607C00100000";
  private static final String MONTHLY_PUT = "O:SPLT240621P00095000";
  private static final String LISTED_JUNE_3 = "O:SPLT240719C00110000";
  private static final String MONTHLY_CALL = "O:SPLT240621C00095000";
  private static final String ADJUSTED_PUT = "O:SPLT240621P00023750";
  private static final String NON_STANDARD = "O:SPLT1240621C00095000";

  @TempDir Path root;

  @Test
  @DisplayName(
      "contracts as listed each day, expired ones kept, split-adjusted ones linked, bars typed,"
          + " bad ones quarantined; batch = streaming")
  void optionsLayer() throws Exception {
    try (Lake batch = new Lake(root.resolve("batch"));
        Lake streaming = new Lake(root.resolve("streaming"))) {
      for (Lake lake : List.of(batch, streaming)) {
        lake.append(PolygonDatasets.OPTIONS_CONTRACTS.table(), contracts());
        lake.append(PolygonDatasets.OPTIONS_AGGS_DAY.table(), bars());
        lake.append(PitlakeTables.SILVER_CORPORATE_ACTIONS, List.of(split()));
      }
      Configuration options = Runs.options();
      new Backfill(new Configuration(), line -> {})
          .buildSql(batch.config(), options, RunMode.BATCH, Layer.OPTIONS);
      new Backfill(new Configuration(), line -> {})
          .buildSql(streaming.config(), options, RunMode.STREAMING, Layer.OPTIONS);

      List<Map<String, Object>> contracts = batch.rows(PitlakeTables.SILVER_OPTION_CONTRACTS);
      // The chain of May 31 as listed then: the weekly that expired on June 7 is in it; the
      // contract first listed on June 3 is not.
      assertThat(
              contracts.stream()
                  .filter(r -> r.get("as_of").equals(MAY_31))
                  .map(r -> r.get("option_ticker")))
          .containsExactlyInAnyOrder(WEEKLY, MONTHLY_PUT);
      assertThat(
              contracts.stream()
                  .filter(r -> r.get("option_ticker").equals(LISTED_JUNE_3))
                  .map(r -> r.get("as_of")))
          .containsExactlyInAnyOrder(JUNE_3, JUNE_7, JUNE_10);
      Map<String, Object> put =
          contracts.stream()
              .filter(r -> r.get("option_ticker").equals(MONTHLY_PUT))
              .findFirst()
              .orElseThrow();
      assertThat(put)
          .containsEntry("underlying", "SPLT")
          .containsEntry("root", "SPLT")
          .containsEntry("expiration_date", LocalDate.of(2024, 6, 21))
          .containsEntry("contract_type", "put")
          .containsEntry("strike", 95.0)
          .containsEntry("shares_per_contract", 100.0)
          .containsEntry("standard", true);
      assertThat(put.get("available_at")).isEqualTo(MarketDates.endOfDay(MAY_31));
      Map<String, Object> nonStandard =
          contracts.stream()
              .filter(r -> r.get("option_ticker").equals(NON_STANDARD))
              .findFirst()
              .orElseThrow();
      assertThat(nonStandard)
          .containsEntry("root", "SPLT1")
          .containsEntry("underlying", "SPLT")
          .containsEntry("strike", 95.0)
          .containsEntry("shares_per_contract", 400.0)
          .containsEntry("standard", false);

      // The 4-for-1 split of June 10 links each adjusted contract to the one it continues, from
      // the ex date on.
      List<Map<String, Object>> links = batch.rows(PitlakeTables.SILVER_OPTION_CONTRACT_LINKS);
      assertThat(links)
          .extracting(r -> r.get("option_ticker") + " continues " + r.get("continues_ticker"))
          .containsExactlyInAnyOrder(
              ADJUSTED_PUT + " continues " + MONTHLY_PUT,
              NON_STANDARD + " continues " + MONTHLY_CALL);
      assertThat(links)
          .allSatisfy(
              r ->
                  assertThat(r)
                      .containsEntry("ex_date", JUNE_10)
                      .containsEntry("ratio", 4.0)
                      .containsEntry("available_at", MarketDates.endOfDay(JUNE_10)));

      List<Map<String, Object>> bars = batch.rows(PitlakeTables.SILVER_OPTION_BARS_DAILY);
      assertThat(bars).hasSize(1);
      assertThat(bars.get(0))
          .containsEntry("option_ticker", WEEKLY)
          .containsEntry("session_date", JUNE_3)
          .containsEntry("root", "SPLT")
          .containsEntry("close", 1.2345678901);

      List<Map<String, Object>> quarantine = batch.rows(PitlakeTables.SILVER_QUARANTINE);
      assertThat(quarantine)
          .extracting(r -> r.get("source") + ": " + r.get("reason"))
          .containsExactlyInAnyOrder(
              "polygon.options_contracts: ticker is not an OCC option ticker:"
                  + " O:<root><YYMMDD><C|P><strike x 1000, 8 digits>",
              "polygon.options_aggs_day: high h below low l");
      assertThat(quarantine).allSatisfy(r -> assertThat(r.get("payload")).isNotNull());

      Set<String> ingestTime = Set.of();
      for (TableSpec table :
          List.of(
              PitlakeTables.SILVER_OPTION_CONTRACTS,
              PitlakeTables.SILVER_OPTION_BARS_DAILY,
              PitlakeTables.SILVER_OPTION_CONTRACT_LINKS,
              PitlakeTables.SILVER_QUARANTINE)) {
        assertThat(streaming.rows(table, ingestTime))
            .as(table.name())
            .containsExactlyInAnyOrderElementsOf(batch.rows(table, ingestTime));
      }
    }
  }

  private static List<Record> contracts() {
    List<Record> rows = new ArrayList<>();
    rows.add(contract(MAY_31, WEEKLY, "call", "2024-06-07", 100, 100, "SPLT"));
    rows.add(contract(MAY_31, MONTHLY_PUT, "put", "2024-06-21", 95, 100, "SPLT"));
    rows.add(contract(JUNE_3, WEEKLY, "call", "2024-06-07", 100, 100, "SPLT"));
    rows.add(contract(JUNE_3, MONTHLY_PUT, "put", "2024-06-21", 95, 100, "SPLT"));
    rows.add(contract(JUNE_3, LISTED_JUNE_3, "call", "2024-07-19", 110, 100, "SPLT"));
    rows.add(contract(JUNE_7, MONTHLY_PUT, "put", "2024-06-21", 95, 100, "SPLT"));
    rows.add(contract(JUNE_7, MONTHLY_CALL, "call", "2024-06-21", 95, 100, "SPLT"));
    rows.add(contract(JUNE_7, LISTED_JUNE_3, "call", "2024-07-19", 110, 100, "SPLT"));
    rows.add(contract(JUNE_10, ADJUSTED_PUT, "put", "2024-06-21", 23.75, 100, "SPLT"));
    rows.add(contract(JUNE_10, NON_STANDARD, "call", "2024-06-21", 95, 400, "SPLT"));
    rows.add(contract(JUNE_10, LISTED_JUNE_3, "call", "2024-07-19", 110, 100, "SPLT"));
    rows.add(contract(JUNE_10, "O:SPLT2406C95", "call", "2024-06-21", 95, 100, "SPLT"));
    return rows;
  }

  private static Record contract(
      LocalDate asOf,
      String ticker,
      String type,
      String expiry,
      double strike,
      int shares,
      String underlying) {
    String payload =
        String.format(
            "{\"cfi\":\"OCASPS\",\"contract_type\":\"%s\",\"exercise_style\":\"american\","
                + "\"expiration_date\":\"%s\",\"primary_exchange\":\"BATO\","
                + "\"shares_per_contract\":%d,\"strike_price\":%s,\"ticker\":\"%s\","
                + "\"underlying_ticker\":\"%s\"}",
            type, expiry, shares, strike, ticker, underlying);
    return bronze(
        PolygonDatasets.OPTIONS_CONTRACTS,
        ticker + "|" + asOf,
        MarketDates.startOfDay(asOf),
        MarketDates.endOfDay(asOf),
        payload);
  }

  /** Polygon's 4-for-1 split of SPLT, ex June 10, as silver.corporate_actions holds it. */
  private static Record split() {
    Record r = Lake.newRecord(PitlakeTables.SILVER_CORPORATE_ACTIONS);
    r.setField("vendor", "polygon");
    r.setField("action_id", "E-splt-2024");
    r.setField("version", 1);
    r.setField("action_type", "forward_split");
    r.setField("symbol", "SPLT");
    r.setField("vendor_symbol", "SPLT");
    r.setField("ex_date", JUNE_10);
    r.setField("effective_date", JUNE_10);
    r.setField("split_from", 1.0);
    r.setField("split_to", 4.0);
    r.setField("event_time", MarketDates.startOfDay(JUNE_10).atOffset(ZoneOffset.UTC));
    r.setField("available_at", MarketDates.startOfDay(JUNE_10).atOffset(ZoneOffset.UTC));
    r.setField("ingested_at", Instant.parse("2024-07-01T12:00:00Z").atOffset(ZoneOffset.UTC));
    r.setField("payload_hash", "splt");
    return r;
  }

  private static List<Record> bars() {
    Instant june3 = MarketDates.startOfDay(JUNE_3);
    Instant known = Instant.parse("2024-06-04T00:15:00Z");
    return List.of(
        bronze(
            PolygonDatasets.OPTIONS_AGGS_DAY,
            WEEKLY + "|" + june3,
            june3,
            known,
            String.format(
                "{\"ticker\":\"%s\",\"c\":1.2345678901,\"h\":1.3,\"l\":1.1,\"n\":3,"
                    + "\"o\":1.2,\"t\":%d,\"v\":12,\"vw\":1.22}",
                WEEKLY, june3.toEpochMilli())),
        bronze(
            PolygonDatasets.OPTIONS_AGGS_DAY,
            MONTHLY_PUT + "|" + june3,
            june3,
            known,
            String.format(
                "{\"ticker\":\"%s\",\"c\":2.0,\"h\":1.0,\"l\":3.0,\"n\":1,"
                    + "\"o\":2.0,\"t\":%d,\"v\":1,\"vw\":2.0}",
                MONTHLY_PUT, june3.toEpochMilli())));
  }

  private static Record bronze(
      PolygonDatasets dataset, String key, Instant eventTime, Instant availableAt, String payload) {
    Record r = Lake.newRecord(dataset.table());
    r.setField("vendor", dataset.vendor());
    r.setField("dataset", dataset.id());
    r.setField("observation_key", key);
    r.setField("event_time", eventTime.atOffset(ZoneOffset.UTC));
    r.setField("available_at", availableAt.atOffset(ZoneOffset.UTC));
    r.setField("ingested_at", Instant.parse("2024-07-01T12:00:00Z").atOffset(ZoneOffset.UTC));
    r.setField("version", 1);
    r.setField("payload_hash", Integer.toHexString(payload.hashCode()));
    r.setField("payload", payload);
    r.setField("request_url", "http://127.0.0.1/v3/reference/options/contracts");
    r.setField("split_id", key);
    return r;
  }
}
