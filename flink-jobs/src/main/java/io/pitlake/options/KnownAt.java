package io.pitlake.options;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.NavigableSet;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import javax.annotation.Nullable;
import org.apache.flink.types.Row;

/**
 * The two rules every options gold computation applies to its key's inputs: what someone at an
 * instant reads of a thing (its highest version known then), and when a row gets a new version (at
 * an instant its inputs known then give other values than the row's last version).
 *
 * <p>Why one place: the three keyed computations of the options layer ({@link OptionBarTerms},
 * {@link OptionFeatureRows}, {@link IvSurfaceRows}) must agree on both for the prefix property to
 * hold through their chain: a row written at T depends only on inputs with {@code available_at <=
 * T}, and a build on the inputs known by T writes exactly the rows known by T.
 */
final class KnownAt {

  private KnownAt() {}

  /** The highest version of {@code versions} known at {@code instant} (epoch ms), or null. */
  @Nullable
  static <T> T newest(
      Collection<T> versions,
      long instant,
      ToLongFunction<T> availableAt,
      ToIntFunction<T> version) {
    T newest = null;
    for (T v : versions) {
      if (availableAt.applyAsLong(v) <= instant
          && (newest == null || version.applyAsInt(v) > version.applyAsInt(newest))) {
        newest = v;
      }
    }
    return newest;
  }

  /**
   * Walks {@code instants} in order and calls {@code emit} at each one whose values ({@code
   * valuesAt}, null when there is nothing to write yet) differ in their first {@code compared}
   * entries from the last values emitted, so a key gets a new version exactly when what is known of
   * it changes; the entries after those (a fetch time) ride along uncompared.
   */
  static void eachChange(
      NavigableSet<Long> instants,
      int compared,
      LongFunction<Object[]> valuesAt,
      BiConsumer<Long, Object[]> emit) {
    Object[] last = null;
    for (long instant : instants) {
      Object[] values = valuesAt.apply(instant);
      if (values != null
          && (last == null || !Arrays.equals(values, 0, compared, last, 0, compared))) {
        emit.accept(instant, values);
        last = values;
      }
    }
  }

  /** A row's instant column in epoch ms. */
  static long millis(Row row, String column) {
    return ((Instant) row.getField(column)).toEpochMilli();
  }
}
