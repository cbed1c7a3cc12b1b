package io.pitlake.table;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;
import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * One table's declaration, read top to bottom as {@link PitlakeTables} writes it: its columns, the
 * three point-in-time columns ({@link PitColumns}), partitioning, sort order, layout, whether
 * {@code pitlake live} commits it every checkpoint, and the layer whose SQL builds it. {@link
 * #declare} turns it into the {@link TableSpec} every writer, reader and check uses.
 *
 * <p>Columns are placed by field id, so the time columns sit where a table has always had them and
 * a lake written before opens unchanged.
 */
final class TableDeclaration {

  /** Previous {@code metadata.json} files a table keeps: Iceberg's default. */
  static final int METADATA_VERSIONS = 100;

  /**
   * Previous {@code metadata.json} files a table {@code pitlake live} commits at every checkpoint
   * keeps ({@link #liveCommits}): 20 minutes of commits a minute instead of {@value
   * #METADATA_VERSIONS}, a fifth of the stored metadata, deleted at each commit rather than by
   * {@code pitlake maintain}'s orphan sweep days later.
   */
  static final int LIVE_METADATA_VERSIONS = 20;

  /**
   * Distinct values a row group's bloom filter on the leading sort column is sized for ({@link
   * Layout#leadingBloomFilter}): a clustered row group holds 3 to 10 symbols, and at a 1% false
   * positive rate 16 values take Parquet's smallest filter, 32 bytes.
   */
  static final int LEADING_BLOOM_FILTER_VALUES = 16;

  private final TableIdentifier id;
  private final List<Types.NestedField> columns = new ArrayList<>();
  private PitColumns pit;
  private UnaryOperator<PartitionSpec.Builder> partitioning = spec -> spec;
  private List<String> sortColumns = List.of();
  private Layout layout = Layout.ARRIVAL;
  private boolean live;
  private boolean dictionaries = true;
  private Layer layer;
  private final Consumer<TableSpec> declared;

  /**
   * @param declared receives the table once declared ({@link PitlakeTables} lists it)
   */
  TableDeclaration(String namespace, String name, Consumer<TableSpec> declared) {
    this.id = TableIdentifier.of(namespace, name);
    this.declared = declared;
  }

  /** The table's own columns, with their field ids; not the time columns ({@link #pit}). */
  TableDeclaration columns(Types.NestedField... fields) {
    return columns(List.of(fields));
  }

  /** {@link #columns(Types.NestedField...)} of a list built in code (the feature tables). */
  TableDeclaration columns(List<Types.NestedField> fields) {
    for (Types.NestedField field : fields) {
      checkArgument(
          !PitColumns.NAMES.contains(field.name()),
          "%s: declare %s with pit(...), not as a column, so its type is the same everywhere",
          id,
          field.name());
    }
    columns.addAll(fields);
    return this;
  }

  /** The field ids (and notes, where a table's differ) of the three time columns. */
  TableDeclaration pit(PitColumns columns) {
    this.pit = columns;
    return this;
  }

  /** {@link #pit(PitColumns)}: required, without notes. */
  TableDeclaration pit(int eventTime, int availableAt, int ingestedAt) {
    return pit(PitColumns.ids(eventTime, availableAt, ingestedAt));
  }

  /** Partitioning chosen for the common reads; unpartitioned unless set. */
  TableDeclaration partitionedBy(UnaryOperator<PartitionSpec.Builder> partitioning) {
    this.partitioning = partitioning;
    return this;
  }

  /** The columns its files are ordered by, ascending. */
  TableDeclaration sortedBy(String... columns) {
    this.sortColumns = List.of(columns);
    return this;
  }

  /** How its rows are laid out in files; {@link Layout#ARRIVAL} unless set. */
  TableDeclaration layout(Layout layout) {
    this.layout = layout;
    return this;
  }

  /** {@code pitlake live} commits it every checkpoint: it keeps fewer metadata files. */
  TableDeclaration liveCommits() {
    this.live = true;
    return this;
  }

  /**
   * Parquet writes it without dictionaries ({@link PitlakeTables#PARQUET_DICTIONARY}); the one
   * place a table says so. For a table whose widest values are unique per row (raw payloads, ids,
   * SHA-256 hashes, prices, features), where a dictionary is built for every page and then dropped
   * for plain encoding: 27–30% of a live writer task's CPU samples for no byte saved
   * (bench/README.md, "trades.sh"); in the small row groups of a {@link Layout#CLUSTERED} table a
   * quarter to a third of the batch writers' CPU; in the feature library's 187 near-distinct
   * doubles a third of the writer's CPU for 0.4% of the bytes (TABLES.md, "gold.features_daily").
   * The switch is table-wide (Iceberg 1.11 reads no per-column one), so its few-valued columns go
   * without too: zstd still packs their repeats (sorted symbols and instants as small as with one),
   * and a reader keeps their min/max statistics (docs/live.md, "Trades").
   */
  TableDeclaration withoutDictionaries() {
    this.dictionaries = false;
    return this;
  }

  /**
   * Its rows are written by {@code sql/<namespace>/<table>.sql}, run with {@code layer}; the table
   * runs in its layer after the layer's tables declared before it.
   */
  TableDeclaration builtBy(Layer layer) {
    this.layer = layer;
    return this;
  }

  TableSpec declare() {
    checkState(
        pit != null,
        "%s: every table carries event_time, available_at and ingested_at: declare them with"
            + " pit(...)",
        id);
    checkState(
        !sortColumns.isEmpty(),
        "%s: declare the columns its files are sorted by with sortedBy(...)",
        id);
    List<Types.NestedField> fields = new ArrayList<>(columns);
    fields.addAll(pit.fields());
    fields.sort(Comparator.comparingInt(Types.NestedField::fieldId));
    Schema schema = new Schema(fields);
    SortOrder.Builder sort = SortOrder.builderFor(schema);
    sortColumns.forEach(sort::asc);
    PartitionSpec partitionSpec = partitioning.apply(PartitionSpec.builderFor(schema)).build();
    TableSpec spec =
        new TableSpec(
            id, schema, partitionSpec, sort.build(), properties(schema, partitionSpec), layer);
    declared.accept(spec);
    return spec;
  }

  private Map<String, String> properties(Schema schema, PartitionSpec partitionSpec) {
    Map<String, String> props = new TreeMap<>();
    props.put(TableProperties.FORMAT_VERSION, "2");
    props.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
    props.put(TableProperties.PARQUET_COMPRESSION, "zstd");
    // Every table is insert-only: writers append, never upsert. Stated, so that an older lake's
    // keyed table is migrated (TableBootstrap) rather than silently upserted by its old property.
    props.put(TableProperties.UPSERT_ENABLED, "false");
    props.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    props.put(
        TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
        Integer.toString(live ? LIVE_METADATA_VERSIONS : METADATA_VERSIONS));
    props.put(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(layout.fileBytes));
    if (!dictionaries) {
      props.put(PitlakeTables.PARQUET_DICTIONARY, "false");
    }
    if (layout.clustered()) {
      props.put(TableSpec.SORT_ON_WRITE, "true");
      props.put(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, Long.toString(layout.rowGroupBytes));
      if (layout.leadingBloomFilter) {
        // Without a count of values Parquet sizes every filter for its 1 MiB maximum.
        String lead = sortColumns.get(0);
        props.put(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + lead, "true");
        props.put(
            TableProperties.PARQUET_BLOOM_FILTER_COLUMN_NDV_PREFIX + lead,
            Integer.toString(LEADING_BLOOM_FILTER_VALUES));
      }
      // The columns whose Parquet statistics a clustered table keeps: its sort and partition
      // columns, and the time columns point-in-time reads filter on. Statistics of any other
      // column (prices, payloads, URLs) only lengthen the footer every read of a file fetches;
      // Iceberg's file metrics, which it takes from them, go too, and nothing filters on them.
      Set<String> filtered = new HashSet<>(sortColumns);
      filtered.addAll(PitColumns.NAMES);
      partitionSpec.fields().forEach(f -> filtered.add(schema.findColumnName(f.sourceId())));
      for (Types.NestedField column : schema.columns()) {
        if (!filtered.contains(column.name())) {
          props.put(TableProperties.PARQUET_COLUMN_STATS_ENABLED_PREFIX + column.name(), "false");
        }
      }
    }
    return props;
  }
}
