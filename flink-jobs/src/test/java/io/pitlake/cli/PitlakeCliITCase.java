package io.pitlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.table.Layer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's user path in-process: {@code backfill} with no key (the simulator serves), then
 * {@code query} and {@code tables} on the lake it made, with an embedded Flink cluster.
 */
class PitlakeCliITCase {

  @TempDir Path dir;

  @Test
  void backfillWithoutAKeyUsesTheSimulatorThenQueryAndTablesReadTheLake() throws Exception {
    // Point the key lookup at a variable nobody sets, so a developer's real key is never used here.
    Path config =
        Files.writeString(
            dir.resolve("pitlake.properties"),
            "polygon.api-key-env=PITLAKE_TEST_NO_SUCH_VARIABLE\n");
    String lake = dir.resolve("lake").toString();

    String[] backfillArgs = {
      "backfill",
      "--symbols",
      "AAPL,msft",
      "--from",
      "2024-01-01",
      "--to",
      "2024-03-31",
      "--warehouse",
      lake,
      "--config",
      config.toString()
    };
    var backfill = PitlakeCliTest.run(backfillArgs);

    assertThat(backfill.code()).as(backfill.err()).isEqualTo(Pitlake.EXIT_OK);
    assertThat(backfill.err())
        .contains(
            "no $PITLAKE_TEST_NO_SUCH_VARIABLE set: using the built-in Polygon simulator at http://127.0.0.1:")
        .contains(
            "[backfill] one batch job: ingest polygon.aggs_day -> bronze, then "
                + String.join(
                    ", ", Layer.BARS.stream().flatMap(layer -> layer.files().stream()).toList()))
        .contains("[backfill] done: 122 new rows, 0 unchanged | chunks 2/2")
        .doesNotContain("quarantined");
    assertThat(backfill.out())
        .containsPattern("ingest\\s+122\\s+122\\s")
        .containsPattern("gold/bar_features_daily\\.sql\\s+122\\s+122\\s")
        .containsPattern("bronze\\.polygon_aggs\\s+122\\s+\\d+\\s+1")
        .containsPattern("gold\\.bar_features_daily\\s+122\\s+\\d+\\s+1")
        .contains("wall time");

    var query =
        PitlakeCliTest.run(
            "query",
            "--warehouse",
            lake,
            "SELECT symbol, session_date, close, ret_1d FROM gold.bar_features_daily"
                + " WHERE symbol='MSFT' ORDER BY session_date DESC LIMIT 3");

    assertThat(query.code()).as(query.err()).isEqualTo(Pitlake.EXIT_OK);
    assertThat(query.out().lines().toList())
        .hasSize(6)
        .first()
        .asString()
        .matches("symbol\\s+session_date\\s+close\\s+ret_1d");
    assertThat(query.out())
        .contains("MSFT    2024-03-28")
        .doesNotContainPattern("\\dE-?\\d")
        .containsPattern("MSFT    2024-03-28\\s+\\d+\\.\\d{4}\\s+-?0\\.\\d{7}")
        .endsWith("3 rows" + System.lineSeparator());

    // Read through Iceberg directly, the same rows and values as Flink's answer.
    for (String sql :
        new String[] {
          "SELECT symbol, session_date, close, ret_1d FROM gold.bar_features_daily"
              + " WHERE symbol='MSFT' ORDER BY session_date DESC LIMIT 3",
          "SELECT * FROM gold.bar_features_daily WHERE symbol <> 'MSFT' AND available_at <="
              + " TIMESTAMP '2024-02-01 00:00:00' AND ret_21d IS NULL AND session_date >="
              + " DATE '2024-01-03' ORDER BY symbol, session_date DESC LIMIT 20"
        }) {
      var direct = PitlakeCliTest.run("query", "--warehouse", lake, sql);
      var flink = PitlakeCliTest.run("query", "--warehouse", lake, "--flink", sql);
      assertThat(direct.code()).as(direct.err()).isEqualTo(Pitlake.EXIT_OK);
      assertThat(flink.code()).as(flink.err()).isEqualTo(Pitlake.EXIT_OK);
      assertThat(direct.out()).isEqualTo(flink.out()).doesNotStartWith("0 rows");
    }

    var tables = PitlakeCliTest.run("tables", "--warehouse", lake);
    assertThat(tables.code()).isEqualTo(Pitlake.EXIT_OK);
    assertThat(tables.out())
        .containsPattern("silver\\.bars_daily\\s+122\\s+\\d+\\s+1")
        .containsPattern("silver\\.quarantine\\s+0\\s+-\\s+0");

    // The same backfill again fetches only rows bronze holds.
    var again = PitlakeCliTest.run(backfillArgs);
    assertThat(again.code()).as(again.err()).isEqualTo(Pitlake.EXIT_OK);
    assertThat(again.err()).contains("[backfill] nothing new (122 unchanged) | chunks 2/2");
    assertThat(again.out())
        .containsPattern("ingest\\s+0\\s+122\\s")
        .containsPattern("silver/bars_daily\\.sql\\s+0\\s+122\\s");
  }

  @Test
  void ingestWithoutAccountsUsesEveryVendorsSimulator() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("ingest.properties"),
            String.join(
                "\n",
                "fmp.api-key-env=PITLAKE_TEST_NO_SUCH_VARIABLE",
                "polygon.api-key-env=PITLAKE_TEST_NO_SUCH_VARIABLE",
                "alpaca.api-key-id-env=PITLAKE_TEST_NO_SUCH_VARIABLE",
                ""));
    String lake = dir.resolve("filings").toString();

    var ingest =
        PitlakeCliTest.run(
            "ingest",
            "--datasets",
            "sec.submissions,fmp.balance_sheet,polygon.splits,alpaca.news",
            "--ciks",
            "CIK0001640147",
            "--symbols",
            "msft,SPLT,NOPE",
            "--warehouse",
            lake,
            "--config",
            config.toString());

    assertThat(ingest.code()).as(ingest.err()).isEqualTo(Pitlake.EXIT_OK);
    assertThat(ingest.err())
        .contains("pitlake: no sec.user-agent set: using the built-in SEC EDGAR simulator at")
        .contains(
            "pitlake: no $PITLAKE_TEST_NO_SUCH_VARIABLE set: using the built-in FMP simulator at")
        .contains(
            "pitlake: no $PITLAKE_TEST_NO_SUCH_VARIABLE set: using the built-in Polygon simulator")
        .contains(
            "pitlake: no $PITLAKE_TEST_NO_SUCH_VARIABLE set: using the built-in Alpaca simulator")
        .contains("[ingest] done: ")
        .contains("pitlake: fmp.balance_sheet returned nothing for SPLT, NOPE")
        .contains("pitlake: polygon.splits returned nothing for MSFT, NOPE")
        .doesNotContain("quarantined");
    // Each table: the rows this run added, then the rows it holds.
    assertThat(ingest.out())
        .containsPattern("bronze\\.sec_submissions\\s+7\\s+7\\s")
        .containsPattern("bronze\\.fmp_balance_sheet\\s+([1-9]\\d*)\\s+\\1\\s")
        .containsPattern("bronze\\.polygon_splits\\s+1\\s+1\\s")
        .containsPattern("bronze\\.alpaca_news\\s+([1-9]\\d*)\\s+\\1\\s")
        .containsPattern("silver\\.quarantine\\s+0\\s+0\\s");
  }
}
