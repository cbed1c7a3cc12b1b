package io.pitlake.export;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkState;

import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Qlib's binary layout in a directory: {@code calendars/day.txt} (every NYSE session from the first
 * exported to the last), {@code instruments/all.txt} ({@code SYMBOL<TAB>first<TAB>last}) and {@code
 * features/<symbol>/<field>.day.bin}: little-endian float32, element 0 the index of the symbol's
 * first session in the calendar, then one value per session up to its last, NaN where it has no
 * bar.
 *
 * <p>Rows are kept as float32 until {@link #close()}: a file's first element depends on the
 * calendar's first session, known only when every symbol is in. 500 symbols × 10 years × 26 fields
 * is 130 MB.
 */
public final class QlibWriter implements ExportSink {

  /** Windows device names, which Qlib's {@code code_to_fname} prefixes with {@code _qlib_}. */
  static final Set<String> RESERVED_NAMES =
      Stream.concat(
              Stream.of("CON", "PRN", "AUX", "NUL"),
              IntStream.range(0, 10).boxed().flatMap(i -> Stream.of("COM" + i, "LPT" + i)))
          .collect(Collectors.toUnmodifiableSet());

  static final String RESERVED_PREFIX = "_qlib_";

  private final Path dir;
  private final List<String> fields;
  private final NyseCalendar calendar = NyseCalendar.instance();
  private final Map<String, Series> series = new LinkedHashMap<>();

  /** One symbol's values by session index, growing as its rows arrive. */
  private static final class Series {
    final int firstIndex;
    int lastIndex;
    float[][] values;

    Series(int firstIndex, int fields) {
      this.firstIndex = firstIndex;
      this.lastIndex = firstIndex;
      this.values = new float[fields][256];
      for (float[] column : values) {
        Arrays.fill(column, Float.NaN);
      }
    }

    void put(int index, List<Double> row) {
      checkState(index >= lastIndex, "rows must come in session order");
      int offset = index - firstIndex;
      if (offset >= values[0].length) {
        for (int f = 0; f < values.length; f++) {
          int size = values[f].length;
          values[f] = Arrays.copyOf(values[f], Math.max(size * 2, offset + 1));
          Arrays.fill(values[f], size, values[f].length, Float.NaN);
        }
      }
      for (int f = 0; f < values.length; f++) {
        values[f][offset] = row.get(f).floatValue();
      }
      lastIndex = index;
    }
  }

  /**
   * @param dir a new or empty directory
   * @param fields the Qlib field names, in the order of each row's values
   */
  public QlibWriter(Path dir, List<String> fields) {
    this.dir = dir;
    this.fields = List.copyOf(fields);
  }

  /** The file (and directory) name Qlib gives {@code symbol}: lower case, device names prefixed. */
  public static String fileName(String symbol) {
    String upper = symbol.toUpperCase(Locale.ROOT);
    return (RESERVED_NAMES.contains(upper) ? RESERVED_PREFIX + symbol : symbol)
        .toLowerCase(Locale.ROOT);
  }

  @Override
  public void write(PanelRow row) {
    checkArgument(
        row.values().size() == fields.size(),
        "a row must have %s values, one per field",
        fields.size());
    int index =
        calendar
            .sessionIndexIfSession(row.session())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        String.format(
                            "%s has a bar on %s, which is no NYSE session: Qlib's calendar cannot"
                                + " hold it; check the bar in silver.bars_daily",
                            row.symbol(), row.session())));
    series
        .computeIfAbsent(row.symbol(), s -> new Series(index, fields.size()))
        .put(index, row.values());
  }

  @Override
  public void close() throws IOException {
    if (series.isEmpty()) {
      return;
    }
    int first = series.values().stream().mapToInt(s -> s.firstIndex).min().orElseThrow();
    int last = series.values().stream().mapToInt(s -> s.lastIndex).max().orElseThrow();
    List<String> days = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      days.add(calendar.sessionAt(i).toString());
    }
    Files.createDirectories(dir.resolve("calendars"));
    Files.write(dir.resolve("calendars").resolve("day.txt"), days, StandardCharsets.UTF_8);
    List<String> instruments = new ArrayList<>();
    for (Map.Entry<String, Series> entry : series.entrySet()) {
      Series s = entry.getValue();
      instruments.add(
          String.join(
              "\t", entry.getKey(), day(s.firstIndex).toString(), day(s.lastIndex).toString()));
      Path features = dir.resolve("features").resolve(fileName(entry.getKey()));
      Files.createDirectories(features);
      int length = s.lastIndex - s.firstIndex + 1;
      for (int f = 0; f < fields.size(); f++) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * (length + 1)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putFloat(s.firstIndex - first);
        for (int i = 0; i < length; i++) {
          buffer.putFloat(s.values[f][i]);
        }
        Path file = features.resolve(fields.get(f).toLowerCase(Locale.ROOT) + ".day.bin");
        try (OutputStream out = Files.newOutputStream(file)) {
          out.write(buffer.array());
        }
      }
    }
    Files.createDirectories(dir.resolve("instruments"));
    Files.write(dir.resolve("instruments").resolve("all.txt"), instruments, StandardCharsets.UTF_8);
  }

  private LocalDate day(int index) {
    return calendar.sessionAt(index);
  }
}
