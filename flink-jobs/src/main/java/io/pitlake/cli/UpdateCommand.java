package io.pitlake.cli;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.progress.Figures;
import io.pitlake.job.progress.ProgressPrinter;
import io.pitlake.job.update.DatasetUpdate;
import io.pitlake.job.update.Update;
import io.pitlake.job.update.UpdatePlanner;
import io.pitlake.job.update.UpdatedDataset;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** Brings every dataset of the lake up to date, and the layers built from them. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch what each dataset of the lake lacks, from its high-water mark (per symbol or CIK,",
      "less a lookback for the vendor's revisions) to the newest day its vendor published, then",
      "rebuild what the new rows affect in silver and gold. The marks are read from the lake's",
      "bronze tables; running it twice adds nothing, and a stopped run resumes where the lake is."
    })
final class UpdateCommand implements Callable<Integer> {

  @Mixin LakeOptions lake;

  @Mixin AuditOption audit;

  @Spec CommandSpec spec;

  @Option(
      names = "--datasets",
      split = ",",
      paramLabel = "VENDOR.DATASET[,...]",
      converter = DatasetConverter.class,
      description =
          "Update only these, e.g. polygon.aggs_day (the daily bars),polygon.news (default: every"
              + " dataset the lake holds).")
  List<UpdatedDataset> datasets = List.of();

  @Option(
      names = "--vendor",
      split = ",",
      paramLabel = "VENDOR[,VENDOR...]",
      converter = IngestCommand.VendorConverter.class,
      description =
          "Update every dataset of these vendors that the lake holds (polygon, alpaca, fmp, sec).")
  List<String> vendors = List.of();

  @Option(
      names = "--symbols",
      split = ",",
      paramLabel = "TICKER[,TICKER...]",
      converter = Converters.Ticker.class,
      description =
          "Tickers of the ticker-keyed datasets (default: the lake's); one a dataset holds nothing"
              + " of is fetched from the dataset's first day.")
  List<String> symbols = List.of();

  @Option(
      names = "--ciks",
      split = ",",
      paramLabel = "CIK[,CIK...]",
      converter = IngestCommand.CikConverter.class,
      description = "CIKs of sec.submissions and sec.companyfacts (default: the lake's).")
  List<String> ciks = List.of();

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      converter = Converters.IsoDate.class,
      description =
          "Last day (default: for each dataset the newest its vendor published; for daily bars"
              + " the newest session whose bars are out).")
  LocalDate to;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the built-in Polygon simulator's market (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var catalog = lake.catalog(false);
    var options = audit.apply(lake.options());
    List<DatasetUpdate> updates;
    try (var tables = Backfill.closeable(Catalogs.create(catalog))) {
      updates =
          new UpdatePlanner(tables.get(), options)
              .plan(
                  new UpdatePlanner.Request(
                      datasets,
                      vendors,
                      List.copyOf(new LinkedHashSet<>(symbols)),
                      List.copyOf(new LinkedHashSet<>(ciks)),
                      to,
                      Instant.now()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (updates.isEmpty()) {
      throw new UsageException(
          "the lake holds no dataset to update: fill it first, e.g. pitlake backfill --symbols"
              + " AAPL --from 2024-01-02 --to 2024-12-31");
    }
    updates.forEach(u -> err.println("pitlake: " + u.line()));
    Set<String> fetching =
        updates.stream()
            .filter(DatasetUpdate::fetches)
            .map(u -> u.dataset().vendor())
            .collect(Collectors.toCollection(TreeSet::new));
    try (VendorEndpoints endpoints =
            VendorEndpoints.resolve(options, System.getenv(), fetching, seed);
        ProgressPrinter progress = Summaries.progress(err)) {
      endpoints.descriptions().forEach(line -> err.println("pitlake: " + line));
      Update.Result result =
          new Update(new Backfill(FlinkSettings.forCli(options), progress), progress::event)
              .run(catalog, updates, endpoints.options(), endpoints.credentials(), options);
      progress.close();
      printSummary(out, result, endpoints);
    } catch (UsageException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return Pitlake.EXIT_OK;
  }

  private static void printSummary(
      PrintWriter out, Update.Result result, VendorEndpoints endpoints) {
    out.println();
    long added = result.stages().stream().mapToLong(Backfill.Stage::added).sum();
    if (added == 0) {
      out.println("nothing new: the lake was up to date");
    } else {
      out.printf("%-34s %12s %12s%n", "stage", "rows added", "rows");
      for (Backfill.Stage stage : result.stages()) {
        out.printf(
            "%-34s %12s %12s%n",
            stage.name(), Figures.count(stage.added()), Figures.count(stage.rows()));
      }
    }
    if (!endpoints.simulatorRequests().isEmpty()) {
      out.println(
          "simulator requests: "
              + endpoints.simulatorRequests().entrySet().stream()
                  .map(e -> e.getKey() + " " + Figures.count(e.getValue().getAsInt()))
                  .collect(Collectors.joining(", ")));
    }
    out.printf("%nwall time %s%n", Figures.seconds(result.wall().toNanos()));
  }

  /** A dataset id, the daily bars' {@code polygon.aggs_day} included. */
  static final class DatasetConverter implements ITypeConverter<UpdatedDataset> {
    @Override
    public UpdatedDataset convert(String value) {
      try {
        return UpdatedDataset.of(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
