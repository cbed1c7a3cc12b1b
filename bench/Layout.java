import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.shaded.org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.iceberg.shaded.org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.iceberg.shaded.org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.iceberg.shaded.org.apache.parquet.io.LocalInputFile;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * How the bars chain's tables lie on disk, and what the two common backtest reads cost: bytes per
 * row (whole table and per column, from the Parquet footers), how many symbols each data file and
 * each row group spans (from Iceberg's file metrics and Parquet's row-group statistics), and the
 * files planned and bytes actually read by Iceberg's generic reader (which prunes files by their
 * metrics and row groups by their statistics) for one symbol over one year and for every symbol on
 * one session. Bytes are counted at the file stream, so footers and skipped row groups show as
 * they are.
 *
 * <p>Usage (bench/layout.sh builds the lake and the classpath): {@code java -cp <pitlake.jar and
 * Flink> bench/Layout.java LAKE SYMBOLS SYMBOL YEAR DAY}: the session read is the first NYSE
 * session on or after DAY; the symbols are the benchmark's {@code B0001..BNNNN}.
 */
public class Layout {

  private static final List<TableSpec> TABLES =
      List.of(
          PitlakeTables.BRONZE_POLYGON_AGGS,
          PitlakeTables.SILVER_BARS_DAILY,
          PitlakeTables.GOLD_BAR_FEATURES_DAILY);

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: Layout LAKE SYMBOLS SYMBOL YEAR DAY (e.g. B0250 2020 2020-06-15)");
      System.exit(2);
    }
    Path lake = Path.of(args[0]);
    int symbols = Integer.parseInt(args[1]);
    String symbol = args[2];
    int year = Integer.parseInt(args[3]);
    LocalDate day = LocalDate.parse(args[4]);
    LocalDate session = NyseCalendar.instance().sessions(day, day.plusDays(7)).get(0);
    Catalog catalog = Catalogs.create(CatalogConfig.embedded(lake));
    for (TableSpec spec : TABLES) {
      Table table = catalog.loadTable(spec.id());
      System.out.printf("== %s ==%n", spec.id());
      files(table, symbols);
      Expression oneSymbolYear =
          Expressions.and(
              Expressions.equal("symbol", symbol),
              Expressions.and(
                  Expressions.greaterThanOrEqual(
                      "session_date", LocalDate.of(year, 1, 1).toString()),
                  Expressions.lessThanOrEqual(
                      "session_date", LocalDate.of(year, 12, 31).toString())));
      read(table, oneSymbolYear, String.format("one symbol x one year (%s, %d)", symbol, year));
      read(
          table,
          Expressions.equal("session_date", session.toString()),
          String.format("one session x all symbols (%s)", session));
    }
  }

  /** Bytes per row, per column, and the symbol span of files and row groups. */
  private static void files(Table table, int symbols) throws IOException {
    int symbolId = table.schema().findField("symbol").fieldId();
    long rows = 0;
    long bytes = 0;
    List<Integer> fileSpans = new ArrayList<>();
    List<Integer> groupSpans = new ArrayList<>();
    Map<String, Long> columnBytes = new TreeMap<>();
    long footerBytes = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        rows += file.recordCount();
        bytes += file.fileSizeInBytes();
        fileSpans.add(
            span(
                bound(file.lowerBounds().get(symbolId)),
                bound(file.upperBounds().get(symbolId)),
                symbols));
        String path = file.location().replaceFirst("^file:", "");
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(Path.of(path)))) {
          long data = 0;
          for (BlockMetaData group : reader.getFooter().getBlocks()) {
            for (ColumnChunkMetaData column : group.getColumns()) {
              columnBytes.merge(column.getPath().toDotString(), column.getTotalSize(), Long::sum);
              data += column.getTotalSize();
              if (column.getPath().toDotString().equals("symbol")) {
                groupSpans.add(
                    span(
                        column.getStatistics().minAsString(),
                        column.getStatistics().maxAsString(),
                        symbols));
              }
            }
          }
          footerBytes += file.fileSizeInBytes() - data;
        }
      }
    }
    System.out.printf(
        "%,d rows, %,d data files, %,d bytes = %.1f bytes/row (footers and other non-data %.1f)%n",
        rows, fileSpans.size(), bytes, (double) bytes / rows, (double) footerBytes / rows);
    System.out.printf(
        "symbols a data file spans: median %d, max %d of %d; a row group: median %d, max %d (%,d row"
            + " groups)%n",
        median(fileSpans),
        Collections.max(fileSpans),
        symbols,
        median(groupSpans),
        Collections.max(groupSpans),
        groupSpans.size());
    StringBuilder columns = new StringBuilder("bytes/row by column:");
    long total = rows;
    columnBytes.forEach(
        (column, size) -> columns.append(String.format(" %s %.1f", column, (double) size / total)));
    System.out.println(columns);
  }

  /** Files planned and bytes the generic reader reads for the rows matching {@code filter}. */
  private static void read(Table table, Expression filter, String what) throws IOException {
    int planned = 0;
    long plannedBytes = 0;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        planned++;
        plannedBytes += task.file().fileSizeInBytes();
      }
    }
    CountingIO io = new CountingIO(table.io());
    String metadata = ((HasTableOperations) table).operations().current().metadataFileLocation();
    Table counted = new BaseTable(new StaticTableOperations(metadata, io), table.name());
    long rows = 0;
    long start = System.nanoTime();
    try (CloseableIterable<Record> records = IcebergGenerics.read(counted).where(filter).build()) {
      for (Record ignored : records) {
        rows++;
      }
    }
    System.out.printf(
        "%s: %,d rows; %d files planned (%,d bytes); %,d distinct bytes read (%,d with the"
            + " generic reader's repeated footer reads) in %d opens, %.0f ms%n",
        what,
        rows,
        planned,
        plannedBytes,
        io.distinct(),
        io.bytes.sum(),
        io.opens.sum(),
        (System.nanoTime() - start) / 1e6);
  }

  private static String bound(ByteBuffer value) {
    return value == null
        ? null
        : Conversions.fromByteBuffer(Types.StringType.get(), value).toString();
  }

  /** How many of B0001..Bnnnn lie in [lower, upper]; all of them when a bound is missing. */
  private static int span(String lower, String upper, int symbols) {
    if (lower == null || upper == null) {
      return symbols;
    }
    int count = 0;
    for (int i = 1; i <= symbols; i++) {
      String s = String.format("B%04d", i);
      if (s.compareTo(lower) >= 0 && s.compareTo(upper) <= 0) {
        count++;
      }
    }
    return count;
  }

  private static int median(List<Integer> values) {
    List<Integer> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** The table's file IO, counting the bytes read from data files. */
  private static final class CountingIO implements FileIO {
    private final FileIO io;
    final LongAdder bytes = new LongAdder();
    final LongAdder opens = new LongAdder();
    final Map<String, List<long[]>> ranges = new java.util.concurrent.ConcurrentHashMap<>();

    /** Bytes read at least once: an engine that reads a footer once reads these. */
    long distinct() {
      long total = 0;
      for (List<long[]> read : ranges.values()) {
        List<long[]> sorted = new ArrayList<>(read);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        long end = -1;
        for (long[] range : sorted) {
          long from = Math.max(range[0], end);
          if (range[1] > from) {
            total += range[1] - from;
          }
          end = Math.max(end, range[1]);
        }
      }
      return total;
    }

    CountingIO(FileIO io) {
      this.io = io;
    }

    @Override
    public InputFile newInputFile(String path) {
      InputFile file = io.newInputFile(path);
      if (!path.endsWith(".parquet")) {
        return file; // metadata: planning reads the same manifests for every layout
      }
      return new InputFile() {
        @Override
        public long getLength() {
          return file.getLength();
        }

        @Override
        public SeekableInputStream newStream() {
          opens.increment();
          SeekableInputStream in = file.newStream();
          return new SeekableInputStream() {
            @Override
            public long getPos() throws IOException {
              return in.getPos();
            }

            @Override
            public void seek(long pos) throws IOException {
              in.seek(pos);
            }

            @Override
            public int read() throws IOException {
              long at = in.getPos();
              int b = in.read();
              if (b >= 0) {
                bytes.increment();
                ranges.computeIfAbsent(path, p -> new ArrayList<>()).add(new long[] {at, at + 1});
              }
              return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
              long at = in.getPos();
              int n = in.read(buffer, offset, length);
              if (n > 0) {
                bytes.add(n);
                ranges.computeIfAbsent(path, p -> new ArrayList<>()).add(new long[] {at, at + n});
              }
              return n;
            }

            @Override
            public void close() throws IOException {
              in.close();
            }
          };
        }

        @Override
        public String location() {
          return file.location();
        }

        @Override
        public boolean exists() {
          return file.exists();
        }
      };
    }

    @Override
    public OutputFile newOutputFile(String path) {
      return io.newOutputFile(path);
    }

    @Override
    public void deleteFile(String path) {
      io.deleteFile(path);
    }
  }
}
