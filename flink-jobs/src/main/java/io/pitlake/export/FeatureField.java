package io.pitlake.export;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.table.FeatureColumns;
import io.pitlake.table.PitlakeTables;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * One {@code --fields} entry: the gold feature table it is read from and its column, which is also
 * its exported name ({@code $column} in Qlib, a column of the panel).
 *
 * <p>Why one flag for two tables: a researcher names features, not tables. A name resolves to
 * {@code gold.bar_features_daily} if that table has it (its six numeric features, as {@code
 * --fields} always meant), else to {@code gold.features_daily} ({@link FeatureColumns#ALL}:
 * Alpha158 and the technical set). The five names both tables have ({@code dollar_volume}, {@code
 * ret_1d}, {@code ret_5d}, {@code ret_21d}, {@code vol_21d}) are written {@code
 * features_daily.ret_1d} for the feature library's (split-adjusted within its window) values;
 * {@code bar_features_daily.NAME} is accepted too.
 *
 * @param table {@link #BAR_FEATURES} or {@link #FEATURES}
 * @param column a feature column of {@code table}
 */
public record FeatureField(String table, String column) {

  /** The raw, backfill-time features of the bars layer. */
  public static final String BAR_FEATURES = "gold.bar_features_daily";

  /** The research feature library of the features layer. */
  public static final String FEATURES = "gold.features_daily";

  private static final Set<Type.TypeID> NUMERIC = Set.of(Type.TypeID.DOUBLE, Type.TypeID.INTEGER);

  /**
   * The numeric columns of {@code gold.bar_features_daily} that are features, read from its schema:
   * its ids ({@code session_index}, {@code bar_version}) are not, and its raw {@code close} and
   * {@code volume} would clash with the adjusted ones.
   */
  public static final List<String> BAR_FEATURE_COLUMNS =
      PitlakeTables.GOLD_BAR_FEATURES_DAILY.schema().columns().stream()
          .filter(f -> NUMERIC.contains(f.type().typeId()))
          .map(Types.NestedField::name)
          .filter(name -> !Set.of("session_index", "bar_version", "close", "volume").contains(name))
          .toList();

  public FeatureField {
    checkArgument(has(table, column), "%s is not a feature column of %s", column, table);
  }

  /**
   * The field {@code --fields} names {@code name}: {@code COLUMN} or {@code TABLE.COLUMN}, TABLE
   * {@code features_daily} or {@code bar_features_daily}.
   *
   * @throws IllegalArgumentException naming the field and where the lists of columns are
   */
  public static FeatureField parse(String name) {
    int dot = name.indexOf('.');
    String column = name.substring(dot + 1);
    if (dot >= 0) {
      String table = "gold." + name.substring(0, dot);
      checkArgument(
          has(table, column),
          "--fields %s is not a feature column: TABLE.COLUMN takes features_daily (a column of"
              + " FeatureColumns.ALL, listed in TABLES.md \"gold.features_daily\") or"
              + " bar_features_daily (%s)",
          name,
          String.join(",", BAR_FEATURE_COLUMNS));
      return new FeatureField(table, column);
    }
    if (BAR_FEATURE_COLUMNS.contains(column)) {
      return new FeatureField(BAR_FEATURES, column);
    }
    checkArgument(
        FeatureColumns.ALL.contains(column),
        "--fields %s is not a feature column: choose from gold.bar_features_daily's (%s) or"
            + " gold.features_daily's (FeatureColumns.ALL, listed in TABLES.md"
            + " \"gold.features_daily\", e.g. roc5,rsi_14)",
        name,
        String.join(",", BAR_FEATURE_COLUMNS));
    return new FeatureField(FEATURES, column);
  }

  private static boolean has(String table, String column) {
    return switch (table) {
      case BAR_FEATURES -> BAR_FEATURE_COLUMNS.contains(column);
      case FEATURES -> FeatureColumns.ALL.contains(column);
      default -> false;
    };
  }
}
