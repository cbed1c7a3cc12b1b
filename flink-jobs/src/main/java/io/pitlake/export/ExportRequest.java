package io.pitlake.export;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.annotation.Nullable;

/**
 * What to export: the point-in-time mode, the instant T (the as-of instant, or the latest
 * first-known instant admitted), optional symbol and session filters, and extra feature columns of
 * {@code gold.bar_features_daily} or {@code gold.features_daily} ({@link FeatureField}).
 *
 * <p>Checks name the command-line flag, since that is where a user fixes the value.
 *
 * @param symbols upper-case tickers; empty means every symbol
 * @param start first session date, inclusive, or {@code null} for the first known
 * @param end last session date, inclusive, or {@code null} for the last known
 * @param fields {@code --fields} as given, each a name {@link FeatureField#parse} resolves; each
 *     exported column at most once
 */
public record ExportRequest(
    ExportMode mode,
    Instant asOf,
    List<String> symbols,
    @Nullable LocalDate start,
    @Nullable LocalDate end,
    List<String> fields) {

  /**
   * The exported price columns, in order: total-return adjusted open, high, low, close and vwap,
   * volume divided by the same factor, and the factor (adjusted / raw), Qlib's {@code $factor}.
   */
  public static final List<String> PRICE_COLUMNS =
      List.of("open", "high", "low", "close", "vwap", "volume", "factor");

  public ExportRequest {
    checkNotNull(mode, "mode must not be null");
    checkNotNull(asOf, "--as-of must not be null");
    symbols = List.copyOf(symbols);
    fields = List.copyOf(fields);
    checkArgument(
        start == null || end == null || !start.isAfter(end),
        "--start %s is after --end %s: give a start on or before the end",
        start,
        end);
    List<String> exported = features(fields).stream().map(FeatureField::column).toList();
    checkArgument(
        new HashSet<>(exported).size() == exported.size(),
        "--fields %s names a column twice: give each once",
        String.join(",", fields));
    checkArgument(
        new HashSet<>(symbols).size() == symbols.size(),
        "--symbols %s names a symbol twice: give each once",
        String.join(",", symbols));
  }

  /** The start filter, if any. */
  public Optional<LocalDate> startDate() {
    return Optional.ofNullable(start);
  }

  /** The end filter, if any. */
  public Optional<LocalDate> endDate() {
    return Optional.ofNullable(end);
  }

  /** The feature fields, in {@link #fields}' order. */
  public List<FeatureField> features() {
    return features(fields);
  }

  /**
   * Every exported value column, in order: {@link #PRICE_COLUMNS}, then each feature's column name.
   */
  public List<String> columns() {
    return Stream.concat(PRICE_COLUMNS.stream(), features().stream().map(FeatureField::column))
        .toList();
  }

  private static List<FeatureField> features(List<String> fields) {
    return fields.stream().map(FeatureField::parse).toList();
  }
}
