package io.pitlake.export;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Files;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * A flat long panel in one Parquet file: {@code date} (the session, a timestamp at midnight without
 * zone, which pandas and Polars read as a datetime), {@code symbol}, then one double column per
 * exported value, NaN where the lake has none.
 *
 * <p>Written with Iceberg's generic Parquet writer, already on the classpath, so the file is the
 * Parquet Iceberg itself writes. The file is created with the first row, so an export that finds
 * nothing leaves nothing behind.
 */
public final class ParquetPanelWriter implements ExportSink {

  private final Path file;
  private final Schema schema;
  private FileAppender<Record> appender;

  public ParquetPanelWriter(Path file, List<String> columns) {
    this.file = file;
    List<Types.NestedField> fields = new ArrayList<>();
    fields.add(Types.NestedField.required(1, "date", Types.TimestampType.withoutZone()));
    fields.add(Types.NestedField.required(2, "symbol", Types.StringType.get()));
    for (String column : columns) {
      fields.add(Types.NestedField.required(fields.size() + 1, column, Types.DoubleType.get()));
    }
    this.schema = new Schema(fields);
  }

  @Override
  public void write(PanelRow row) throws IOException {
    checkArgument(
        row.values().size() == schema.columns().size() - 2,
        "a row must have %s values, one per column",
        schema.columns().size() - 2);
    if (appender == null) {
      appender =
          Parquet.write(Files.localOutput(file.toAbsolutePath().toFile()))
              .schema(schema)
              .createWriterFunc(GenericParquetWriter::create)
              .build();
    }
    Record record = GenericRecord.create(schema);
    record.set(0, row.session().atStartOfDay());
    record.set(1, row.symbol());
    for (int i = 0; i < row.values().size(); i++) {
      record.set(i + 2, row.values().get(i));
    }
    appender.add(record);
  }

  @Override
  public void close() throws IOException {
    if (appender != null) {
      appender.close();
    }
  }
}
