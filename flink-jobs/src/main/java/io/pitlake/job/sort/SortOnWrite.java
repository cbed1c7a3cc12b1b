package io.pitlake.job.sort;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.table.TableSpec;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Type;

/**
 * Rows reach an Iceberg writer in the table's sort order, so each data file, and each Parquet row
 * group in it, holds a narrow range of the sort columns (a few symbols) and readers skip the rest
 * by their statistics. Iceberg's Flink sink does not sort: its range distribution only spreads keys
 * over writers. A table asks for this with {@link TableSpec#SORT_ON_WRITE}; its declared sort order
 * is the order.
 *
 * <p>Rows are sorted per run: everything a writer receives between two checkpoints (a streaming
 * commit), or up to the end of input in batch, unless the run outgrows {@link #BUFFER_SIZE} first.
 * The sorter sits right before the writer, chained, so the order reaches the file.
 *
 * @param schema the table's schema, whose column order the rows follow
 * @param order the table's sort order
 * @param bufferBytes heap a sorter may hold before it emits a sorted run early
 */
public record SortOnWrite(Schema schema, SortOrder order, long bufferBytes)
    implements Serializable {

  public static final ConfigOption<MemorySize> BUFFER_SIZE =
      ConfigOptions.key("sink.sort.buffer-size")
          .memoryType()
          .defaultValue(MemorySize.parse("512mb"))
          .withDescription(
              "Heap each writer's sorter may hold (rows as Flink's binary rows, plus their sort"
                  + " keys) before it writes what it holds as one sorted run; whatever this says,"
                  + " all sorters of one JVM together hold at most a quarter of its heap (each its"
                  + " share), so a small heap means shorter runs, never an OutOfMemoryError. Tables with"
                  + " pitlake.write.sort-on-write get their rows sorted per commit; a commit that"
                  + " outgrows this leaves files with several sorted runs, which read slower but"
                  + " are still correct. A 500-symbol x 10-year batch backfill holds about 400 MB"
                  + " in each of bronze's two sorters (estimated from its rows' sizes).");

  public SortOnWrite {
    checkArgument(!order.isUnsorted(), "a table sorted on write needs a sort order: declare one");
    checkArgument(bufferBytes > 0, "%s must be positive, e.g. 512mb", BUFFER_SIZE.key());
  }

  /** How a table with these properties is written: sorted when it asks for it and has an order. */
  public static Optional<SortOnWrite> of(
      Schema schema, SortOrder order, Map<String, String> properties, MemorySize buffer) {
    boolean asked = Boolean.parseBoolean(properties.getOrDefault(TableSpec.SORT_ON_WRITE, "false"));
    return asked && !order.isUnsorted()
        ? Optional.of(new SortOnWrite(schema, order, buffer.getBytes()))
        : Optional.empty();
  }

  /** {@code rows}, sorted per run, in a stream that feeds the writer with the same parallelism. */
  public SingleOutputStreamOperator<RowData> sorted(DataStream<RowData> rows, String table) {
    RowType rowType = FlinkSchemaUtil.convert(schema);
    return rows.transform(
            "sort-" + table, InternalTypeInfo.of(rowType), new SortedRunsOperator(this, rowType))
        .setParallelism(rows.getParallelism());
  }

  /**
   * Compares {@code SortKey}s, each computed once per row. (Iceberg's {@code SortOrderComparators}
   * compares whole rows and computes both keys on every comparison.) Compaction sorts with it too.
   */
  public static Comparator<StructLike> keyOrder(Schema schema, SortOrder sortOrder) {
    Comparator<StructLike> keys = (a, b) -> 0;
    List<SortField> fields = sortOrder.fields();
    for (int i = 0; i < fields.size(); i++) {
      SortField field = fields.get(i);
      Type type = field.transform().getResultType(schema.findType(field.sourceId()));
      Comparator<Object> values = Comparators.forType(type.asPrimitiveType());
      values =
          field.nullOrder() == NullOrder.NULLS_FIRST
              ? Comparator.nullsFirst(values)
              : Comparator.nullsLast(values);
      if (field.direction() == SortDirection.DESC) {
        values = values.reversed();
      }
      int position = i;
      Comparator<Object> byValue = values;
      keys = keys.thenComparing(k -> k.get(position, Object.class), byValue);
    }
    return keys;
  }
}
