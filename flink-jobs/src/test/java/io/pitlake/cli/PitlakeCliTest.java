package io.pitlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.table.Layer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad flags exit 2 with one line that names the flag and the fix, before any work starts. */
class PitlakeCliTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "backfill --symbols AA$PL --from 2023-01-01 --to 2023-02-01|'--symbols'|'AA$PL' is not a ticker",
        "backfill --symbols AAPL --from 2024-01-01 --to 2023-01-01|--from 2024-01-01 is after --to 2023-01-01|give the earlier date",
        "backfill --symbols AAPL --from 2023-13-01 --to 2024-01-01|'--from'|use YYYY-MM-DD",
        "backfill --symbols AAPL --from 2023-01-01 --to 2024-01-01 --mode fast|'--mode'|use batch or streaming",
        "backfill --symbols AAPL --from 1999-12-01 --to 2024-01-01|the NYSE calendar covers|narrow the range",
        "backfill --symbols AAPL --from 2023-01-01|--to|Missing required option",
        "live --symbols AAPL --from 2999-01-01|--from 2999-01-01|give a past date",
        "live --symbols AAPL --from 1999-12-01|--from 1999-12-01|on or after 2000-01-01",
        "live --symbols AAPL|--from|Missing required option",
        "live --symbols AAPL --from 2024-01-01 --to 2024-02-01|--to|Unknown option",
        "live --symbols AAPL --intraday iex|--intraday iex|use polygon or alpaca",
        "live --symbols AAPL --intraday polygon --channels quotes|--channels quotes|use bars, trades or bars,trades",
        "live --symbols AAPL --from 2024-01-02 --channels trades|--channels trades|add --intraday polygon",
        "ingest --datasets sec.filings --ciks 320193|'sec.filings' is not a dataset|use one of sec.company_tickers",
        "ingest --datasets sec.submissions|sec.submissions needs --ciks|e.g. --ciks 320193",
        "ingest --datasets fmp.income_statement --ciks 320193|fmp.income_statement needs --symbols|e.g. --symbols AAPL",
        "ingest --datasets sec.companyfacts --ciks AAPL|'AAPL' is not a CIK|use its digits",
        "ingest --vendor nasdaq --symbols AAPL|'nasdaq' is not a vendor|use one of sec, fmp, polygon, alpaca",
        "ingest --vendor sec --symbols AAPL|sec.submissions needs --ciks|e.g. --ciks 320193",
        "ingest --symbols AAPL|nothing to fetch|--vendor polygon",
        "ingest --universe /nonexistent/sp500.csv|cannot read --universe /nonexistent/sp500.csv|give a readable UTF-8 CSV file",
        "ingest --universe sp500.csv --datasets sec.submissions --ciks 1|--universe stores a membership file|run it without --datasets",
        "build --layer platinum|'platinum' is not a layer|use one of silver, gold, reference, vendor_bars, intraday, adjusted, features, fundamentals, panel",
        "ingest --datasets polygon.aggs_minute --symbols AAPL|polygon.aggs_minute needs --from|e.g. --from 2024-01-02",
        "ingest --datasets polygon.news --symbols AAPL --from 2024-02-01 --to 2024-01-01|--from 2024-02-01 is after --to 2024-01-01|give the earlier date",
        "ingest --datasets polygon.news --symbols AAPL --from 1999-12-31|--from 1999-12-31|start on or after it",
        "update --datasets polygon.aggs_daily|'polygon.aggs_daily' is not a dataset|use one of polygon.aggs_day, sec.company_tickers",
        "update --vendor nasdaq|'nasdaq' is not a vendor|use one of sec, fmp, polygon, alpaca",
        "update --to 2024-13-01|'--to'|use YYYY-MM-DD",
        "update --ciks AAPL|'AAPL' is not a CIK|use its digits",
        "update|holds no pitlake lake|run 'pitlake backfill' first"
      })
  void badFlagsExitTwoWithOneLine(String args, String namesFlag, String saysFix) {
    Result result = run((args + " --warehouse " + dir.resolve("lake")).split(" "));

    assertThat(result.code).isEqualTo(Pitlake.EXIT_USAGE);
    assertThat(result.err.lines()).hasSize(1);
    assertThat(result.err).startsWith("pitlake: ").contains(namesFlag).contains(saysFix);
    assertThat(dir.resolve("lake").resolve("catalog.db")).doesNotExist();
  }

  @Test
  void universeFileWithoutItsHeaderExitsTwoWithOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("sp500.csv"), "SP500,AAPL,,2000-01-03,,\n");

    Result result =
        run("ingest", "--universe", file.toString(), "--warehouse", dir.resolve("lake").toString());

    assertThat(result.code).isEqualTo(Pitlake.EXIT_USAGE);
    assertThat(result.err.lines()).hasSize(1);
    assertThat(result.err)
        .contains("the first line is 'SP500,AAPL,,2000-01-03,,'")
        .contains("not the header index,symbol,cik,effective_from,effective_to,announced_at");
    assertThat(dir.resolve("lake").resolve("catalog.db")).doesNotExist();
  }

  @Test
  void universeFileStoresItsGoodLinesAndQuarantinesTheBadOneOnce() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("sp500.csv"),
            String.join(
                "\n",
                "index,symbol,cik,effective_from,effective_to,announced_at",
                "SP500,AAPL,,2000-01-03,,",
                "SP500,GONE,,2010-01-04,2024-10-01,",
                "SP500,MSFT,,2000-13-01,,",
                ""));
    String[] args = {
      "ingest", "--universe", file.toString(), "--warehouse", dir.resolve("lake").toString()
    };

    Result first = run(args);
    Result again = run(args);

    assertThat(first.code).isEqualTo(Pitlake.EXIT_OK);
    assertThat(first.out)
        .as("GONE's line without an announcement is two versions: in, then out")
        .contains("silver.index_membership: 3 added, 0 unchanged; silver.quarantine: 1 added");
    assertThat(first.err)
        .contains(
            "1 line(s) of sp500.csv quarantined (line 4: effective_from '2000-13-01' is not a date");
    assertThat(again.out)
        .contains("silver.index_membership: 0 added, 3 unchanged; silver.quarantine: 0 added");
  }

  @Test
  void buildNamesTheFundamentalsAndPanelLayersInAnyCase() {
    BuildCommand fundamentals = new BuildCommand();
    new picocli.CommandLine(fundamentals).parseArgs("--layer", "fundamentals");
    BuildCommand panel = new BuildCommand();
    new picocli.CommandLine(panel).parseArgs("--layer", "PANEL");

    assertThat(fundamentals.layer).isEqualTo(Layer.FUNDAMENTALS);
    assertThat(panel.layer).isEqualTo(Layer.PANEL);
  }

  @Test
  void ingestFetchesEveryDatasetOfAVendorAndTheNamedOnesOnce() {
    IngestCommand ingest = new IngestCommand();
    new picocli.CommandLine(ingest)
        .parseArgs("--datasets", "sec.submissions,polygon.news", "--vendor", "polygon");

    assertThat(ingest.chosen())
        .extracting(VendorDataset::id)
        .containsExactly(
            "sec.submissions",
            "polygon.news",
            "polygon.splits",
            "polygon.dividends",
            "polygon.ticker_events",
            "polygon.ticker_details");
  }

  @Test
  void anUnwritableWarehouseIsAUsageError() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    Result result =
        run(
            "backfill",
            "--symbols",
            "AAPL",
            "--from",
            "2024-01-02",
            "--to",
            "2024-01-05",
            "--warehouse",
            file.resolve("lake").toString());

    assertThat(result.code).isEqualTo(Pitlake.EXIT_USAGE);
    assertThat(result.err.strip()).contains("--warehouse").contains("choose a writable directory");
  }

  @Test
  void queryingAMissingLakeSaysHowToCreateIt() {
    Result result = run("tables", "--warehouse", dir.resolve("nothing-here").toString());

    assertThat(result.code).isEqualTo(Pitlake.EXIT_USAGE);
    assertThat(result.err)
        .contains("holds no pitlake lake")
        .contains("run 'pitlake backfill' first");
  }

  @Test
  void anUnreadableConfigFileIsNamed() {
    Result result =
        run(
            "backfill",
            "--symbols",
            "AAPL",
            "--from",
            "2024-01-02",
            "--to",
            "2024-01-05",
            "--config",
            dir.resolve("missing.properties").toString());

    assertThat(result.code).isEqualTo(Pitlake.EXIT_USAGE);
    assertThat(result.err).contains("--config").contains("no readable file there");
  }

  @Test
  void aSimulatorChaosRateOutsideZeroToOneIsAUsageError() throws Exception {
    Path config = dir.resolve("chaos.properties");
    Files.writeString(config, "polygon.api-key-env=PITLAKE_TEST_NO_KEY\nsimulator.chaos=1.5\n");
    Result result =
        run(
            "backfill",
            "--symbols",
            "AAPL",
            "--from",
            "2024-01-02",
            "--to",
            "2024-01-05",
            "--warehouse",
            dir.resolve("lake").toString(),
            "--config",
            config.toString());

    assertThat(result.code).isEqualTo(Pitlake.EXIT_USAGE);
    assertThat(result.err.strip().lines())
        .singleElement()
        .asString()
        .contains("simulator.chaos=1.5")
        .contains("use 0..1");
  }

  @Test
  void catalogServeRejectsAPortOutsideTcp() {
    Result result =
        run("catalog", "serve", "--warehouse", dir.resolve("lake").toString(), "--port", "70000");

    assertThat(result.code).isEqualTo(Pitlake.EXIT_USAGE);
    assertThat(result.err).contains("--port 70000").contains("0..65535");
  }

  @Test
  void catalogServeRefusesAnyAddressButLoopbackWithoutClients() {
    Result result = serve("--bind", "0.0.0.0");

    assertThat(result.code).isEqualTo(Pitlake.EXIT_USAGE);
    assertThat(result.err.strip())
        .doesNotContain("\n")
        .contains("--bind 0.0.0.0 without --clients")
        .contains("pass --clients DIR");
    assertThat(dir.resolve("lake")).as("refused before the lake is opened").doesNotExist();
  }

  @Test
  void catalogServeRefusesAClientsDirectoryWithoutClients() throws Exception {
    Files.createDirectories(dir.resolve("clients/writer"));
    Result result = serve("--clients", dir.resolve("clients").toString());

    assertThat(result.code).isEqualTo(Pitlake.EXIT_USAGE);
    assertThat(result.err).contains("holds no client").contains("writer/<name>");
  }

  @Test
  void aCatalogTokenWrittenInTheConfigFileIsRefusedWithoutEchoingIt() throws Exception {
    Path config = dir.resolve("pitlake.properties");
    Files.writeString(
        config,
        "catalog.type=rest\ncatalog.uri=http://127.0.0.1:1/\ncatalog.token=inline-token-3f9a2c7b\n");

    Result result = run("tables", "--config", config.toString());

    assertThat(result.code).isEqualTo(Pitlake.EXIT_USAGE);
    assertThat(result.err)
        .contains("catalog.token holds a secret in the config file")
        .contains("catalog.token-file=PATH")
        .doesNotContain("inline-token-3f9a2c7b");
  }

  /**
   * {@code catalog serve} of a lake under the test's directory on a free port, plus {@code more}.
   */
  private Result serve(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "catalog", "serve", "--warehouse", dir.resolve("lake").toString(), "--port", "0"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Pitlake.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * {@code pitlake ARGS --warehouse LAKE --config DIR/pitlake.properties}, which must succeed; the
   * config points the Polygon key at a variable nobody sets, so a developer's real key is never
   * used and the simulators serve.
   */
  static Result runOnLake(Path dir, Path lake, String... args) throws IOException {
    Path config = dir.resolve("pitlake.properties");
    if (!Files.exists(config)) {
      Files.writeString(config, "polygon.api-key-env=PITLAKE_TEST_NO_SUCH_VARIABLE\n");
    }
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(List.of("--warehouse", lake.toString(), "--config", config.toString()));
    Result result = run(command.toArray(String[]::new));
    assertThat(result.code()).as("pitlake %s: %s", command, result.err()).isZero();
    return result;
  }
}
