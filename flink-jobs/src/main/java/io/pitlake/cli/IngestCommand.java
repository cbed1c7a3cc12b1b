package io.pitlake.cli;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.job.Backfill;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.job.progress.Figures;
import io.pitlake.job.progress.ProgressPrinter;
import io.pitlake.time.NyseCalendar;
import io.pitlake.universe.MembershipCsv;
import io.pitlake.universe.UniverseIngest;
import io.pitlake.vendor.polygon.PolygonTickerEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** Fetches vendor datasets other than the daily bars into their raw bronze tables. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch SEC EDGAR, FMP, Polygon reference and Alpaca datasets into raw, versioned",
      "bronze tables (bronze.<vendor>_<dataset>), unreadable input into silver.quarantine.",
      "Without sec.user-agent (SEC) or a vendor's key the built-in simulators serve the data.",
      "Running it again adds only what the vendor changed.",
      "--universe FILE stores a user's index membership file in silver.index_membership."
    })
final class IngestCommand implements Callable<Integer> {

  @Mixin LakeOptions lake;

  @Spec CommandSpec spec;

  @Option(
      names = "--datasets",
      split = ",",
      paramLabel = "VENDOR.DATASET[,...]",
      converter = DatasetConverter.class,
      description =
          "Datasets to fetch, e.g. sec.submissions,sec.companyfacts,fmp.income_statement.")
  List<VendorDataset> datasets = List.of();

  @Option(
      names = "--vendor",
      split = ",",
      paramLabel = "VENDOR[,VENDOR...]",
      converter = VendorConverter.class,
      description = "Every dataset of these vendors (polygon, alpaca, fmp, sec), with --datasets.")
  List<String> vendors = List.of();

  @Option(
      names = "--ciks",
      split = ",",
      paramLabel = "CIK[,CIK...]",
      converter = CikConverter.class,
      description = "SEC central index keys, for sec.submissions and sec.companyfacts.")
  List<String> ciks = List.of();

  @Option(
      names = "--symbols",
      split = ",",
      paramLabel = "TICKER[,TICKER...]",
      converter = Converters.Ticker.class,
      description = "Tickers, for the fmp.*, polygon.* and alpaca.* datasets.")
  List<String> symbols = List.of();

  @Option(
      names = "--from",
      paramLabel = "YYYY-MM-DD",
      converter = Converters.IsoDate.class,
      description =
          "First day, inclusive (default: the NYSE calendar's first, 2000-01-01). Required for"
              + " the bar datasets, whose requests grow with every session.")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      converter = Converters.IsoDate.class,
      description = "Last day, inclusive (default: today).")
  LocalDate to;

  @Option(
      names = "--universe",
      paramLabel = "FILE",
      description = {
        "Index membership CSV to store in silver.index_membership, alone (no datasets):",
        "header " + MembershipCsv.HEADER + ";",
        "dates in New York, effective_to the first day out, announced_at with its zone.",
        "Unreadable lines go to silver.quarantine; the rest is stored."
      })
  Path universe;

  /** The datasets of {@code --datasets} and of every {@code --vendor}, each once. */
  List<VendorDataset> chosen() {
    Set<VendorDataset> chosen = new LinkedHashSet<>(datasets);
    vendors.forEach(vendor -> chosen.addAll(VendorDataset.ofVendor(vendor)));
    if (chosen.isEmpty()) {
      throw new UsageException(
          "nothing to fetch: name datasets with --datasets, e.g. --datasets sec.submissions, or"
              + " a vendor's with --vendor, e.g. --vendor polygon");
    }
    return List.copyOf(chosen);
  }

  @Override
  public Integer call() {
    if (universe != null) {
      return ingestUniverse();
    }
    List<VendorDataset> chosen = chosen();
    LocalDate first = from == null ? NyseCalendar.FIRST_SUPPORTED_DATE : from;
    LocalDate last = to == null ? LocalDate.now() : to;
    if (first.isAfter(last)) {
      throw new UsageException(
          String.format(
              "--from %s is after --to %s: give the earlier date to --from", first, last));
    }
    if (first.isBefore(NyseCalendar.FIRST_SUPPORTED_DATE)) {
      throw new UsageException(
          String.format(
              "--from %s is before the NYSE calendar's first day %s: start on or after it",
              first, NyseCalendar.FIRST_SUPPORTED_DATE));
    }
    for (VendorDataset dataset : chosen) {
      if (dataset.bulk() && from == null) {
        throw new UsageException(
            String.format(
                "%s needs --from: its requests grow with every session, e.g. --from 2024-01-02",
                dataset.id()));
      }
      List<String> keys =
          switch (dataset.keyKind()) {
            case CIK -> ciks;
            case TICKER -> symbols;
            case NONE -> List.of("all");
          };
      if (keys.isEmpty()) {
        throw new UsageException(
            String.format(
                "%s needs %s: list at least one, e.g. %s",
                dataset.id(),
                dataset.keyKind().flag(),
                dataset.keyKind() == VendorDataset.KeyKind.CIK
                    ? "--ciks 320193"
                    : "--symbols AAPL"));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var catalog = lake.catalog(true);
    Set<String> vendors = chosen.stream().map(VendorDataset::vendor).collect(Collectors.toSet());
    Instant started = Instant.now();
    try (VendorEndpoints endpoints =
            VendorEndpoints.resolve(lake.options(), System.getenv(), vendors);
        ProgressPrinter progress = Summaries.progress(err)) {
      endpoints.descriptions().forEach(line -> err.println("pitlake: " + line));
      RawIngestPlan plan =
          new RawIngestPlan(
              catalog,
              chosen,
              List.copyOf(new LinkedHashSet<>(symbols)),
              List.copyOf(new LinkedHashSet<>(ciks)),
              first,
              last,
              endpoints.credentials(),
              endpoints.options(),
              chosen.contains(VendorDataset.POLYGON_TICKER_DETAILS)
                  ? firstDates(catalog)
                  : Map.of());
      Backfill.Result result =
          new Backfill(FlinkSettings.forCli(endpoints.options()), progress).ingest(plan);
      progress.close();
      Summaries.nothingFor(chosen, plan.symbols(), plan.ciks(), result.fetched())
          .forEach(line -> err.println("pitlake: " + line));
      Summaries.quarantined(catalog, started).ifPresent(line -> err.println("pitlake: " + line));
      out.println();
      Summaries.stages(out, result);
      out.printf("%nwall time %s%n", Figures.seconds(result.wall().toNanos()));
    } catch (UsageException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return Pitlake.EXIT_OK;
  }

  /** Stores {@link #universe}'s lines: without a Flink job, a change list is small. */
  private int ingestUniverse() {
    if (!datasets.isEmpty() || !vendors.isEmpty()) {
      throw new UsageException(
          "--universe stores a membership file, not vendor datasets: run it without --datasets"
              + " and --vendor, and fetch those in a separate pitlake ingest");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(universe, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      throw new UsageException(
          String.format(
              "cannot read --universe %s (%s): give a readable UTF-8 CSV file",
              universe, e.getClass().getSimpleName()));
    }
    MembershipCsv.Parsed parsed;
    try {
      parsed = MembershipCsv.parse(lines);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.format("--universe %s: %s", universe, e.getMessage()));
    }
    PrintWriter out = spec.commandLine().getOut();
    try (var catalog = Backfill.closeable(Catalogs.create(lake.catalog(true)))) {
      UniverseIngest.Result result =
          new UniverseIngest(catalog.get())
              .ingest(
                  parsed,
                  String.valueOf(universe.getFileName()),
                  Instant.now().truncatedTo(ChronoUnit.MILLIS));
      out.printf(
          "silver.index_membership: %s added, %s unchanged; silver.quarantine: %s added%n",
          Figures.count(result.added()),
          Figures.count(result.unchanged()),
          Figures.count(result.quarantined()));
      if (!parsed.rejects().isEmpty()) {
        MembershipCsv.Reject first = parsed.rejects().get(0);
        spec.commandLine()
            .getErr()
            .printf(
                "pitlake: %d line(s) of %s quarantined (line %d: %s): see silver.quarantine%n",
                parsed.rejects().size(),
                universe.getFileName(),
                first.lineNumber(),
                first.reason());
      }
    }
    return Pitlake.EXIT_OK;
  }

  /**
   * The first day each ticker traded under its name, from the Polygon ticker events already in
   * bronze (a company's listing and each rename): ticker details are not asked for before it.
   * Nothing for a lake without them.
   */
  static Map<String, LocalDate> firstDates(CatalogConfig config) {
    Map<String, LocalDate> first = new HashMap<>();
    TableIdentifier events = VendorDataset.POLYGON_TICKER_EVENTS.table().id();
    try (var catalog = Backfill.closeable(Catalogs.create(config))) {
      if (!catalog.get().tableExists(events)) {
        return first;
      }
      try (CloseableIterable<Record> rows =
          IcebergGenerics.read(catalog.get().loadTable(events)).select("payload").build()) {
        for (Record row : rows) {
          PolygonTickerEvent event = PolygonTickerEvent.parse((String) row.getField("payload"));
          if (event.ticker() != null) {
            first.merge(event.ticker(), event.date(), (a, b) -> a.isBefore(b) ? a : b);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + events, e);
      }
    }
    return first;
  }

  /** A dataset id, with an error that lists the choices. */
  static final class DatasetConverter implements ITypeConverter<VendorDataset> {
    @Override
    public VendorDataset convert(String value) {
      try {
        return VendorDataset.of(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A vendor that has datasets, in lower case. */
  static final class VendorConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return VendorDataset.ofVendor(value).get(0).vendor();
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** An SEC CIK: 1 to 10 digits, with or without leading zeros or a {@code CIK} prefix. */
  static final class CikConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String digits = value.strip().replaceFirst("(?i)^CIK", "");
      if (!digits.matches("\\d{1,10}")) {
        throw new TypeConversionException(
            String.format("'%s' is not a CIK: use its digits, e.g. 320193 or 0000320193", value));
      }
      return Long.toString(Long.parseLong(digits));
    }
  }
}
