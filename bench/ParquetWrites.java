import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Files;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.data.FlinkParquetReaders;
import org.apache.iceberg.flink.data.FlinkParquetWriters;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;

/**
 * What a table's Parquet write properties cost: rewrites a table's rows with Iceberg's Flink Parquet
 * writer (the one pitlake's sink runs) under each set of properties, alternately, and prints the
 * writing thread's CPU time per row and the bytes per row on disk. One JVM and thread CPU time, so
 * a loaded machine moves the figures less than wall times of whole builds ({@code
 * bench/parquet-writes.sh} runs it with pitlake's jar on the class path):
 *
 * <pre>java ParquetWrites.java METADATA.json DATA_DIR OUT_DIR ROWS ROUNDS "P1;P2;..."</pre>
 *
 * <p>Each Pi is {@code rowsPerFile,key=value,...}: a new file every {@code rowsPerFile} rows (Iceberg's
 * rolling writer checks the size every 1,000 rows), zstd unless a key says otherwise.
 */
public final class ParquetWrites {

  public static void main(String[] args) throws Exception {
    Schema schema =
        TableMetadataParser.read(new HadoopFileIO(new org.apache.hadoop.conf.Configuration()), args[0])
            .schema();
    RowType rowType = FlinkSchemaUtil.convert(schema);
    List<File> files = new ArrayList<>();
    collect(new File(args[1]), files);
    List<RowData> rows = new ArrayList<>();
    for (File f : files) {
      try (CloseableIterable<RowData> in =
          Parquet.read(Files.localInput(f))
              .project(schema)
              .createReaderFunc(fs -> FlinkParquetReaders.buildReader(schema, fs))
              .build()) {
        in.forEach(rows::add);
      }
    }
    rows = rows.subList(0, Math.min(rows.size(), Integer.parseInt(args[3])));
    File out = new File(args[2]);
    System.out.printf("%,d rows of %s%n", rows.size(), args[1]);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= Integer.parseInt(args[4]); round++) {
      for (String variant : args[5].split(";")) {
        String[] parts = variant.split(",");
        int rowsPerFile = Integer.parseInt(parts[0]);
        Map<String, String> properties = new HashMap<>();
        properties.put("write.parquet.compression-codec", "zstd");
        for (int i = 1; i < parts.length; i++) {
          String[] kv = parts[i].split("=", 2);
          properties.put(kv[0], kv[1]);
        }
        out.mkdirs();
        for (File f : out.listFiles()) {
          f.delete();
        }
        long start = threads.getCurrentThreadCpuTime();
        FileAppender<RowData> writer = null;
        int written = 0;
        int fileCount = 0;
        for (RowData row : rows) {
          if (writer == null) {
            writer =
                Parquet.write(Files.localOutput(new File(out, fileCount++ + ".parquet")))
                    .schema(schema)
                    .createWriterFunc(type -> FlinkParquetWriters.buildWriter(rowType, type))
                    .setAll(properties)
                    .build();
          }
          writer.add(row);
          if (++written % rowsPerFile == 0) {
            writer.close();
            writer = null;
          }
        }
        if (writer != null) {
          writer.close();
        }
        long cpu = threads.getCurrentThreadCpuTime() - start;
        long bytes = 0;
        for (File f : out.listFiles()) {
          bytes += f.length();
        }
        System.out.printf(
            "round %d [%s]: %.1f µs of CPU per row, %.0f bytes per row, %d files%n",
            round, variant, cpu / 1e3 / rows.size(), (double) bytes / rows.size(), fileCount);
      }
    }
  }

  private static void collect(File dir, List<File> out) {
    for (File f : dir.listFiles()) {
      if (f.isDirectory()) {
        collect(f, out);
      } else if (f.getName().endsWith(".parquet")) {
        out.add(f);
      }
    }
  }
}
