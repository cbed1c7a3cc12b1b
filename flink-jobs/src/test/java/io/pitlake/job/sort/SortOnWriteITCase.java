package io.pitlake.job.sort;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.Catalogs;
import io.pitlake.job.RunMode;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.shaded.org.apache.parquet.column.statistics.Statistics;
import org.apache.iceberg.shaded.org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.iceberg.shaded.org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.iceberg.shaded.org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bars chain's tables are written in their sort order: every data file's rows ascend by
 * (symbol, ...), in batch (one sorted run per writer) and in streaming (one per commit), so files
 * and row groups hold narrow symbol ranges and a one-symbol read skips the rest by statistics.
 */
class SortOnWriteITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final List<String> SYMBOLS =
      IntStream.rangeClosed(1, 12).mapToObj(i -> String.format("S%02d", 13 - i)).toList();
  static final List<TableSpec> TABLES =
      List.of(
          PitlakeTables.BRONZE_POLYGON_AGGS,
          PitlakeTables.SILVER_BARS_DAILY,
          PitlakeTables.GOLD_BAR_FEATURES_DAILY);

  @TempDir Path warehouse;

  @ParameterizedTest
  @EnumSource(RunMode.class)
  @DisplayName(
      "every data file of bronze, silver and gold holds its rows in the table's sort order")
  void filesAreSorted(RunMode mode) throws Exception {
    try (PolygonSimulator simulator =
            PolygonSimulator.builder().seed(3).apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(warehouse)) {
      Runs.backfill(
          lake, simulator, SYMBOLS, LocalDate.of(2023, 1, 1), LocalDate.of(2024, 12, 31), mode);

      Catalog catalog = Catalogs.create(lake.config());
      for (TableSpec spec : TABLES) {
        Table table = catalog.loadTable(spec.id());
        assertThat(table.properties()).containsEntry(TableSpec.SORT_ON_WRITE, "true");
        Comparator<StructLike> order =
            SortOrderComparators.forSchema(table.schema(), table.sortOrder());
        Set<String> spannedSeveral = new HashSet<>();
        for (FileScanTask task : tasks(table)) {
          List<Record> rows = fileRows(table, task);
          for (int i = 1; i < rows.size(); i++) {
            assertThat(
                    order.compare(internal(table, rows.get(i - 1)), internal(table, rows.get(i))))
                .as("%s (%s): row %d of %s follows row %d", spec.id(), mode, i, task.file(), i - 1)
                .isLessThanOrEqualTo(0);
          }
          if (rows.stream().map(r -> r.getField("symbol")).distinct().count() > 1) {
            spannedSeveral.add(task.file().location());
          }
        }
        assertThat(spannedSeveral)
            .as(
                "%s (%s): files hold several symbols, so their order was made, not given",
                spec.id(), mode)
            .isNotEmpty();
      }

      // Bronze's rows are the widest, so even this small lake has several row groups per file:
      // a one-symbol read keeps only those whose statistics include the symbol.
      Table bronze = catalog.loadTable(PitlakeTables.BRONZE_POLYGON_AGGS.id());
      int groups = 0;
      int read = 0;
      try (CloseableIterable<FileScanTask> planned =
          bronze.newScan().filter(Expressions.equal("symbol", "S05")).planFiles()) {
        for (FileScanTask task : planned) {
          String path = task.file().location().replaceFirst("^file:", "");
          try (ParquetFileReader reader =
              ParquetFileReader.open(new LocalInputFile(Path.of(path)))) {
            for (BlockMetaData group : reader.getFooter().getBlocks()) {
              groups++;
              // Statistics where reads filter, none elsewhere: a footer is all a skipped row
              // group costs, and a payload's would be its longest part.
              for (String kept : List.of("symbol", "session_date", "event_time", "available_at")) {
                assertThat(group.getColumns().get(column(bronze, kept)).getStatistics().isEmpty())
                    .as("%s statistics in %s", kept, path)
                    .isFalse();
              }
              for (String dropped : List.of("payload", "payload_hash", "request_url", "c")) {
                assertThat(
                        group.getColumns().get(column(bronze, dropped)).getStatistics().isEmpty())
                    .as("%s statistics in %s", dropped, path)
                    .isTrue();
              }
              Statistics<?> symbols =
                  group.getColumns().get(column(bronze, "symbol")).getStatistics();
              if (symbols.minAsString().compareTo("S05") <= 0
                  && symbols.maxAsString().compareTo("S05") >= 0) {
                read++;
              }
            }
          }
        }
      }
      assertThat(read)
          .as(
              "row groups a one-symbol read of bronze keeps, of %d in the files planned (%s)",
              groups, mode)
          .isPositive()
          .isLessThan(groups);
    }
  }

  /** {@code row} with Iceberg's internal values (timestamps as micros), as sort orders compare. */
  private static StructLike internal(Table table, Record row) {
    return new InternalRecordWrapper(table.schema().asStruct()).wrap(row);
  }

  /** The index of {@code name}'s column chunk in a row group (the schema's order). */
  private static int column(Table table, String name) {
    return table.schema().columns().indexOf(table.schema().findField(name));
  }

  private static List<FileScanTask> tasks(Table table) throws IOException {
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      planned.forEach(tasks::add);
    }
    assertThat(tasks).as("%s has data files", table.name()).isNotEmpty();
    return tasks;
  }

  /** One data file's rows in the order they were written. */
  private static List<Record> fileRows(Table table, FileScanTask task) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records =
        Parquet.read(table.io().newInputFile(task.file().location()))
            .project(table.schema())
            .createReaderFunc(
                fileSchema -> GenericParquetReaders.buildReader(table.schema(), fileSchema))
            .build()) {
      records.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
