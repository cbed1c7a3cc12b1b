package io.pitlake.job.update;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.dq.DqOptions;
import io.pitlake.job.Backfill;
import io.pitlake.job.RunMode;
import io.pitlake.job.TableStats;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.job.ingest.RawIngestPlan;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.quarantine.WithheldBars;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.tag.LakeTags;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Runs the fetches of an update ({@link UpdatePlanner}) with the jobs pitlake already has, then
 * rebuilds what they affect:
 *
 * <ol>
 *   <li>the daily bars: the backfill's one job ({@link Backfill#run}) in streaming mode, which on a
 *       lake with silver bars adds to silver and gold only the new versions and the gold rows they
 *       create, starting the feature engine from the committed silver bars; in batch mode (a
 *       rebuild of both from all of bronze) when silver or gold lags bronze, which only a run that
 *       died between its commits leaves, and in an audited update while an audit's quarantine
 *       withholds bars, so that the gates judge those bars again;
 *   <li>every other dataset: {@code pitlake ingest}'s one batch job ({@link Backfill#ingest});
 *   <li>the other layers the lake has: {@code pitlake build} in batch ({@link Backfill#buildSql}),
 *       which runs only the SQL files whose inputs changed.
 * </ol>
 *
 * <p>Each step commits its tables at its end; a run stopped in between leaves committed steps
 * behind, and the next run starts from what the lake holds: the marks come from the rows, the build
 * skips what is built, and a lagging bars chain is rebuilt.
 */
public final class Update {

  /**
   * What a run did.
   *
   * @param stages each table a step wrote, with the rows it gained and holds
   * @param tables every table afterwards
   */
  public record Result(
      List<DatasetUpdate> updates,
      List<Backfill.Stage> stages,
      List<TableStats> tables,
      Duration wall) {}

  private final Backfill backfill;
  private final Consumer<String> events;

  /**
   * @param backfill runs the jobs and reports their progress
   * @param events receives a line for each decision not visible in the jobs' own progress
   */
  public Update(Backfill backfill, Consumer<String> events) {
    this.backfill = backfill;
    this.events = events;
  }

  /**
   * Fetches what {@code updates} say and rebuilds what it affects.
   *
   * @param fetchOptions the vendors' options with their base URLs (simulators' included)
   * @param credentials each vendor's key location, by vendor name
   * @param buildOptions the user's options: a build's fingerprint holds them, so a simulator's port
   *     must not make every table look changed
   */
  public Result run(
      CatalogConfig catalog,
      List<DatasetUpdate> updates,
      Configuration fetchOptions,
      Map<String, Credentials> credentials,
      Configuration buildOptions) {
    long start = System.nanoTime();
    List<Backfill.Stage> stages = new ArrayList<>();
    String lag = barsChainLag(catalog);
    DatasetUpdate bars =
        updates.stream()
            .filter(u -> u.dataset().equals(UpdatedDataset.DAILY_BARS) && u.fetches())
            .findFirst()
            .orElse(null);
    if (lag != null) {
      events.accept(
          String.format(
              "pitlake: %s (a run stopped between its commits): silver and gold bars are rebuilt in"
                  + " batch",
              lag));
    }
    boolean rejudge =
        bars != null
            && lag == null
            && fetchOptions.get(DqOptions.AUDIT)
            && !WithheldBars.load(Catalogs.loader(catalog)).isEmpty();
    if (rejudge) {
      events.accept(
          "pitlake: an audit's quarantine withholds bars: silver and gold bars are rebuilt in batch,"
              + " so the gates judge them again");
    }
    if (bars != null) {
      IngestPlan plan =
          new IngestPlan(
              catalog,
              List.copyOf(bars.starts().keySet()),
              bars.from(),
              bars.to(),
              fetchOptions.get(PolygonOptions.BASE_URL),
              credentials.getOrDefault("polygon", Credentials.none()),
              fetchOptions,
              bars.starts());
      stages.addAll(
          backfill.run(plan, lag == null && !rejudge ? RunMode.STREAMING : RunMode.BATCH).stages());
    } else if (lag != null) {
      stages.addAll(
          backfill.buildSql(catalog, buildOptions, RunMode.BATCH, Layer.SILVER, Layer.GOLD));
    }
    List<DatasetUpdate> raw =
        updates.stream().filter(u -> u.dataset().raw() != null && u.fetches()).toList();
    if (!raw.isEmpty()) {
      Map<VendorDataset, List<RestSplit>> splits = new LinkedHashMap<>();
      raw.forEach(u -> splits.put(u.dataset().raw(), u.splits(fetchOptions)));
      RawIngestPlan plan =
          new RawIngestPlan(
              catalog,
              List.copyOf(splits.keySet()),
              List.of(),
              List.of(),
              raw.stream().map(DatasetUpdate::from).min(LocalDate::compareTo).orElseThrow(),
              raw.stream().map(DatasetUpdate::to).max(LocalDate::compareTo).orElseThrow(),
              credentials,
              fetchOptions,
              Map.of(),
              splits);
      stages.addAll(backfill.ingest(plan).stages().stream().filter(s -> s.added() > 0).toList());
    }
    Layer[] layers = builtLayers(catalog);
    if (layers.length > 0) {
      stages.addAll(backfill.buildSql(catalog, buildOptions, RunMode.BATCH, layers));
    }
    List<TableStats> tables = new ArrayList<>();
    try (var lake = Backfill.closeable(Catalogs.create(catalog))) {
      for (TableSpec spec : PitlakeTables.all()) {
        tables.add(TableStats.of(lake.get(), spec));
      }
    }
    return new Result(updates, stages, tables, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The layers after the bars chain that the lake has built (one of their tables was ever written),
   * in build order: an update keeps them current, and builds none the user never did. The empty
   * snapshot a tag gives a table that had none ({@link LakeTags#EMPTY_FOR_TAG}: every publish of an
   * audit tags every table) is no build.
   */
  static Layer[] builtLayers(CatalogConfig config) {
    List<Layer> built = new ArrayList<>();
    try (var lake = Backfill.closeable(Catalogs.create(config))) {
      for (Layer layer : Layer.values()) {
        if (Layer.BARS.contains(layer)) {
          continue;
        }
        for (TableSpec spec : layer.tables()) {
          if (lake.get().tableExists(spec.id()) && written(lake.get().loadTable(spec.id()))) {
            built.add(layer);
            break;
          }
        }
      }
    }
    return built.toArray(Layer[]::new);
  }

  /** Whether a writer ever committed to the table: a snapshot that is not a tag's empty one. */
  private static boolean written(Table table) {
    for (Snapshot snapshot : table.snapshots()) {
      if (!snapshot.summary().containsKey(LakeTags.EMPTY_FOR_TAG)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why silver or gold bars lag bronze, or null when they do not. Every bronze bar becomes a silver
   * version or a silver quarantine row with its {@code ingested_at} (or, withheld by an audit, a
   * quarantine row of stage {@code dq} with the later instant of the audit), and every silver
   * version a gold row (or a gold quarantine row) whose {@code ingested_at} is at least its own; so
   * a newer {@code ingested_at} in bronze than in silver (or in silver than in gold) means a run
   * committed the one and died before the other.
   */
  @Nullable
  static String barsChainLag(CatalogConfig config) {
    try (var lake = Backfill.closeable(Catalogs.create(config))) {
      Catalog catalog = lake.get();
      Instant bronze = newestIngested(catalog, PitlakeTables.BRONZE_POLYGON_AGGS);
      if (bronze == null) {
        return null;
      }
      Instant silverBars = newestIngested(catalog, PitlakeTables.SILVER_BARS_DAILY);
      // A bar an audit's quarantine withholds is in silver.quarantine (stage dq) instead.
      Instant silver =
          later(
              silverBars,
              later(
                  newestQuarantined(catalog, "silver", "polygon.aggs_day"),
                  newestQuarantined(catalog, WithheldBars.STAGE, "polygon.aggs_day")));
      if (silver == null || silver.isBefore(bronze)) {
        return String.format(
            "silver.bars_daily lags bronze.polygon_aggs (fetched through %s, silver through %s)",
            bronze, silver);
      }
      Instant gold =
          later(
              newestIngested(catalog, PitlakeTables.GOLD_BAR_FEATURES_DAILY),
              newestQuarantined(catalog, "gold", "silver.bars_daily"));
      if (silverBars != null && (gold == null || gold.isBefore(silverBars))) {
        return String.format(
            "gold.bar_features_daily lags silver.bars_daily (silver through %s, gold through %s)",
            silverBars, gold);
      }
      return null;
    }
  }

  /** The newest {@code ingested_at} of a table, from its data files' column bounds. */
  @Nullable
  private static Instant newestIngested(Catalog catalog, TableSpec spec) {
    if (!catalog.tableExists(spec.id())) {
      return null;
    }
    Table table = catalog.loadTable(spec.id());
    if (table.currentSnapshot() == null) {
      return null;
    }
    int field = table.schema().findField("ingested_at").fieldId();
    Instant newest = null;
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().select("ingested_at").includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        var bound = file.upperBounds() == null ? null : file.upperBounds().get(field);
        if (bound == null) {
          return newestByScan(table);
        }
        Long micros = Conversions.fromByteBuffer(Types.TimestampType.withZone(), bound);
        newest = later(newest, Instant.EPOCH.plusNanos(micros * 1_000));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plan " + spec.id(), e);
    }
    return newest;
  }

  @Nullable
  private static Instant newestByScan(Table table) throws IOException {
    Instant newest = null;
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table).select("ingested_at").build()) {
      for (Record row : rows) {
        newest = later(newest, ((OffsetDateTime) row.getField("ingested_at")).toInstant());
      }
    }
    return newest;
  }

  @Nullable
  private static Instant newestQuarantined(Catalog catalog, String stage, String source) {
    TableSpec spec = PitlakeTables.SILVER_QUARANTINE;
    if (!catalog.tableExists(spec.id())) {
      return null;
    }
    Instant newest = null;
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(catalog.loadTable(spec.id()))
            .select("ingested_at")
            .where(
                Expressions.and(
                    Expressions.equal("stage", stage), Expressions.equal("source", source)))
            .build()) {
      for (Record row : rows) {
        newest = later(newest, ((OffsetDateTime) row.getField("ingested_at")).toInstant());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + spec.id(), e);
    }
    return newest;
  }

  @Nullable
  private static Instant later(@Nullable Instant a, @Nullable Instant b) {
    return a == null ? b : b == null || b.isBefore(a) ? a : b;
  }
}
