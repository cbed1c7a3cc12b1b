package io.pitlake.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.RowDataTaskWriterFactory;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.TaskWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortedCompactionTest {

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "symbol", Types.StringType.get()),
          Types.NestedField.required(2, "n", Types.LongType.get()));

  private static final String[] SYMBOLS = {"C", "A", "D", "B"};

  @TempDir Path warehouse;

  private Catalog catalog;

  @BeforeEach
  void createCatalog() {
    catalog = Catalogs.create(CatalogConfig.embedded(warehouse));
    ((SupportsNamespaces) catalog).createNamespace(Namespace.of("silver"));
  }

  @AfterEach
  void closeCatalog() throws Exception {
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  @Test
  void rewriteAllSortsFilesOfAFittingSizeThatCompactionOtherwiseLeaves() throws Exception {
    Table table = olderTable(2);
    List<DataFile> before = dataFiles(table);
    long target = before.stream().mapToLong(DataFile::fileSizeInBytes).max().orElseThrow();

    assertThat(SortedCompaction.run(table, target, 128L << 20, false))
        .as("two files of the target size: nothing to compact")
        .isEqualTo(SortedCompaction.Result.NONE);
    assertThat(before).allSatisfy(f -> assertThat(isSorted(table, f)).isFalse());

    SortedCompaction.Result result = SortedCompaction.run(table, target, 128L << 20, true);

    assertThat(result.rewrittenFiles()).isEqualTo(2);
    List<DataFile> after = dataFiles(table);
    assertThat(after).allSatisfy(f -> assertThat(isSorted(table, f)).isTrue());
    assertThat(after.stream().mapToLong(DataFile::recordCount).sum())
        .isEqualTo(before.stream().mapToLong(DataFile::recordCount).sum());
  }

  @Test
  void splitsAndSortsFilesOverTheTargetAsAnOlderLakesLargerTargetWroteThem() throws Exception {
    Table table = olderTable(1);
    DataFile old = dataFiles(table).get(0);

    // Over 1.8 times the target: Iceberg's planner rewrites such a file alone, without rewrite-all.
    SortedCompaction.Result result =
        SortedCompaction.run(table, old.fileSizeInBytes() / 4, 128L << 20, false);

    assertThat(result.rewrittenFiles()).isEqualTo(1);
    assertThat(result.addedFiles()).isGreaterThan(1);
    assertThat(dataFiles(table)).allSatisfy(f -> assertThat(isSorted(table, f)).isTrue());
  }

  /**
   * A table whose {@code files} files were written in arrival order, as an older lake's were, and
   * which then got its sort order (as {@code TableBootstrap} gives it one).
   */
  private Table olderTable(int files) throws IOException {
    Table table =
        catalog.createTable(
            TableIdentifier.of("silver", "bars"), SCHEMA, PartitionSpec.unpartitioned());
    for (int file = 0; file < files; file++) {
      appendUnsorted(table, file);
    }
    table.replaceSortOrder().asc("symbol").asc("n").commit();
    return table;
  }

  /** One file of 20,000 rows, the symbols interleaved. */
  private static void appendUnsorted(Table table, int file) throws IOException {
    RowDataTaskWriterFactory factory =
        new RowDataTaskWriterFactory(
            table,
            FlinkSchemaUtil.convert(SCHEMA),
            128L << 20,
            FileFormat.PARQUET,
            Map.of(),
            null,
            false);
    factory.initialize(file, 0);
    TaskWriter<RowData> writer = factory.create();
    for (int i = 0; i < 20_000; i++) {
      writer.write(GenericRowData.of(StringData.fromString(SYMBOLS[i % SYMBOLS.length]), (long) i));
    }
    AppendFiles append = table.newAppend();
    for (DataFile f : writer.dataFiles()) {
      append.appendFile(f);
    }
    append.commit();
  }

  private static List<DataFile> dataFiles(Table table) throws IOException {
    table.refresh();
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    }
    return files;
  }

  /** Whether the file's rows are in the order (symbol, n), as read from the file itself. */
  private static boolean isSorted(Table table, DataFile file) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records =
        Parquet.read(table.io().newInputFile(file.location()))
            .project(SCHEMA)
            .createReaderFunc(schema -> GenericParquetReaders.buildReader(SCHEMA, schema))
            .build()) {
      records.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(rows).isNotEmpty();
    for (int i = 1; i < rows.size(); i++) {
      int bySymbol =
          rows.get(i - 1)
              .getField("symbol")
              .toString()
              .compareTo(rows.get(i).getField("symbol").toString());
      if (bySymbol > 0
          || bySymbol == 0
              && (long) rows.get(i - 1).getField("n") > (long) rows.get(i).getField("n")) {
        return false;
      }
    }
    return true;
  }
}
