package io.pitlake.maintenance;

import io.pitlake.job.sort.SortOnWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.BaseCombinedScanTask;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortKey;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.actions.BinPackRewriteFilePlanner;
import org.apache.iceberg.actions.RewriteDataFilesCommitManager;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.actions.SizeBasedFileRewritePlanner;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.RowDataWrapper;
import org.apache.iceberg.flink.sink.RowDataTaskWriterFactory;
import org.apache.iceberg.flink.source.DataIterator;
import org.apache.iceberg.flink.source.RowDataFileScanTaskReader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.TaskWriter;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Compacts a table's small data files into files of the target size, each group's rows sorted by
 * the table's sort order, so a compacted table has the layout a batch build writes
 * (docs/performance.md, "Layout: files clustered by symbol"): a live run's commits are sorted one
 * by one, and merging them in arrival order would give files that span every symbol.
 *
 * <p>Iceberg plans the groups ({@link BinPackRewriteFilePlanner}: files under 75% of the target,
 * per partition, at least five of them or enough for a file) and commits them ({@link
 * RewriteDataFilesCommitManager}: one {@code replace} snapshot for the table, validated against the
 * snapshot it planned from, with that snapshot's sequence number, so concurrent appends by a
 * running {@code pitlake live} commit on as usual). pitlake reads each group with Iceberg's Flink
 * reader, sorts its rows in the heap and writes them with Iceberg's Flink writer, in this JVM: the
 * small files of live runs are what there is to compact, and Iceberg 1.11's Flink rewrite ({@code
 * Actions.forTable(..).rewriteDataFiles()}, the {@code RewriteDataFiles} maintenance task) only
 * bin-packs, in arrival order.
 */
final class SortedCompaction {

  /** The summary key that marks pitlake's compaction commits. */
  static final String SUMMARY_KEY = "pitlake.maintain";

  /**
   * What a compaction did.
   *
   * @param groups file groups rewritten
   * @param rewrittenFiles data files replaced, and their bytes
   * @param addedFiles data files written, and their bytes
   */
  record Result(
      int groups, int rewrittenFiles, long rewrittenBytes, int addedFiles, long addedBytes) {
    static final Result NONE = new Result(0, 0, 0, 0, 0);
  }

  private SortedCompaction() {}

  /** The target file size: the option when set, else the table's own. */
  static long targetFileSize(Table table, @Nullable Long option) {
    return option != null
        ? option
        : PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
            TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
  }

  /**
   * Compacts the table's small files, or with {@code rewriteAll} every file whatever its size (the
   * planner's {@code rewrite-all}): a table whose sort order or layout changed since its files were
   * written has files of a fitting size that are not in today's order.
   */
  static Result run(Table table, long targetFileSize, long maxGroupSize, boolean rewriteAll) {
    table.refresh();
    Snapshot start = table.currentSnapshot();
    if (start == null) {
      return Result.NONE;
    }
    BinPackRewriteFilePlanner planner =
        new BinPackRewriteFilePlanner(table, Expressions.alwaysTrue(), start.snapshotId(), false);
    planner.init(
        Map.of(
            SizeBasedFileRewritePlanner.TARGET_FILE_SIZE_BYTES,
            Long.toString(targetFileSize),
            SizeBasedFileRewritePlanner.MAX_FILE_GROUP_SIZE_BYTES,
            Long.toString(maxGroupSize),
            SizeBasedFileRewritePlanner.REWRITE_ALL,
            Boolean.toString(rewriteAll)));
    List<RewriteFileGroup> groups = new ArrayList<>();
    try (CloseableIterable<RewriteFileGroup> planned = planner.plan().groups()) {
      planned.forEach(groups::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plan a compaction of " + table.name(), e);
    }
    if (groups.isEmpty()) {
      return Result.NONE;
    }
    RewriteDataFilesCommitManager commits =
        new RewriteDataFilesCommitManager(
            table, start.snapshotId(), true, Map.of(SUMMARY_KEY, "compaction"));
    Set<RewriteFileGroup> rewritten = new LinkedHashSet<>();
    try {
      for (RewriteFileGroup group : groups) {
        group.setOutputFiles(rewrite(table, group));
        rewritten.add(group);
      }
    } catch (RuntimeException e) {
      rewritten.forEach(commits::abortFileGroup);
      throw e;
    }
    commits.commitOrClean(rewritten);
    int inFiles = 0;
    int outFiles = 0;
    long inBytes = 0;
    long outBytes = 0;
    for (RewriteFileGroup group : rewritten) {
      inFiles += group.rewrittenFiles().size();
      inBytes += group.rewrittenFiles().stream().mapToLong(DataFile::fileSizeInBytes).sum();
      outFiles += group.addedFiles().size();
      outBytes += group.addedFiles().stream().mapToLong(DataFile::fileSizeInBytes).sum();
    }
    return new Result(rewritten.size(), inFiles, inBytes, outFiles, outBytes);
  }

  /** One group's rows, sorted by the table's sort order, written as new files of its partition. */
  private static Set<DataFile> rewrite(Table table, RewriteFileGroup group) {
    RowType rowType = FlinkSchemaUtil.convert(table.schema());
    RowDataSerializer serializer = new RowDataSerializer(rowType);
    List<BinaryRowData> rows = new ArrayList<>();
    RowDataFileScanTaskReader reader =
        new RowDataFileScanTaskReader(
            table.schema(),
            table.schema(),
            table.properties().get(TableProperties.DEFAULT_NAME_MAPPING),
            true,
            List.of());
    List<FileScanTask> tasks = group.fileScanTasks();
    try (DataIterator<RowData> it =
        new DataIterator<>(
            reader, new BaseCombinedScanTask(tasks), table.io(), table.encryption())) {
      while (it.hasNext()) {
        rows.add(serializer.toBinaryRow(it.next()).copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the files to compact of " + table.name(), e);
    }
    if (!table.sortOrder().isUnsorted()) {
      sort(table, rowType, rows);
    }
    RowDataTaskWriterFactory factory =
        new RowDataTaskWriterFactory(
            table,
            rowType,
            group.maxOutputFileSize(),
            FileFormat.fromString(
                table
                    .properties()
                    .getOrDefault(
                        TableProperties.DEFAULT_FILE_FORMAT,
                        TableProperties.DEFAULT_FILE_FORMAT_DEFAULT)),
            table.properties(),
            null,
            false);
    factory.initialize(0, 0);
    TaskWriter<RowData> writer = factory.create();
    try {
      for (BinaryRowData row : rows) {
        writer.write(row);
      }
      return new LinkedHashSet<>(List.of(writer.dataFiles()));
    } catch (IOException | RuntimeException e) {
      try {
        writer.abort();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e instanceof IOException io
          ? new UncheckedIOException("cannot write the compacted files of " + table.name(), io)
          : (RuntimeException) e;
    }
  }

  private static void sort(Table table, RowType rowType, List<BinaryRowData> rows) {
    RowDataWrapper wrapper = new RowDataWrapper(rowType, table.schema().asStruct());
    SortKey key = new SortKey(table.schema(), table.sortOrder());
    Comparator<StructLike> order = SortOnWrite.keyOrder(table.schema(), table.sortOrder());
    record Keyed(SortKey key, BinaryRowData row) {}
    List<Keyed> keyed = new ArrayList<>(rows.size());
    for (BinaryRowData row : rows) {
      key.wrap(wrapper.wrap(row));
      keyed.add(new Keyed(key.copy(), row));
    }
    keyed.sort((a, b) -> order.compare(a.key(), b.key()));
    rows.clear();
    keyed.forEach(k -> rows.add(k.row()));
  }
}
