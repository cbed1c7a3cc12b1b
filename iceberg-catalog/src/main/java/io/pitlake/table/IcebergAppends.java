package io.pitlake.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Appends generic records to a partitioned table with plain Iceberg APIs, in one commit: for rows a
 * command writes without a Flink job (a user's universe file) and for tests that copy rows between
 * lakes. An empty list commits nothing.
 */
public final class IcebergAppends {

  private IcebergAppends() {}

  public static void append(Table table, List<Record> records) {
    append(table, records, SnapshotRef.MAIN_BRANCH);
  }

  /** Appends to {@code branch} (an audit's rows that publish with the build it judged). */
  public static void append(Table table, List<Record> records, String branch) {
    Map<PartitionKey, List<Record>> byPartition = new LinkedHashMap<>();
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    for (Record record : records) {
      PartitionKey key = new PartitionKey(table.spec(), table.schema());
      key.partition(wrapper.wrap(record));
      byPartition.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(record);
    }
    GenericFileWriterFactory writers = new GenericFileWriterFactory.Builder(table).build();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, System.nanoTime()).build();
    AppendFiles append = table.newAppend().toBranch(branch);
    try {
      for (var entry : byPartition.entrySet()) {
        DataWriter<Record> writer =
            writers.newDataWriter(
                files.newOutputFile(table.spec(), entry.getKey()), table.spec(), entry.getKey());
        try (writer) {
          entry.getValue().forEach(writer::write);
        }
        append.appendFile(writer.toDataFile());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!records.isEmpty()) {
      append.commit();
    }
  }
}
