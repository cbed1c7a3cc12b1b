package io.pitlake.features.minute;

import io.pitlake.time.NyseCalendar;
import io.pitlake.time.TradingSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.annotation.Nullable;

/**
 * One symbol's (and vendor's) minutes of the current New York day, as {@code
 * gold.bar_features_minute} needs them: the bar versions in effect, applied one knowledge instant
 * at a time, each instant emitting exactly the rows that change then. A pure computation: the rows
 * depend only on the versions and their instants, never on how they were split between calls, so a
 * batch build and a live job agree.
 *
 * <p>Bounded state. The bars of the last {@link #KEEP} minutes before the newest are kept (a row
 * reads back {@link #REACH} minutes: {@code ret_60m}); a version may change a minute at most {@link
 * #REACH} minutes before the newest minute, and it then re-versions its own row and the rows of
 * every later minute known (returns, volatility and the session's running values all read it). The
 * regular session's running values of the minutes that left the reach are folded into one total. A
 * version older than the reach, of an earlier day, or (in a live job) at an instant not after the
 * last one published cannot be placed without changing rows already written: it is refused with the
 * reason.
 */
public final class SessionMinutes {

  static final long MINUTE = 60_000;

  /** How far back a version may change a minute, and how far a row reads back, in minutes. */
  public static final int REACH = 60;

  /** Minutes kept before the newest: a row within the reach reads {@link #REACH} further back. */
  static final int KEEP = 2 * REACH;

  /** The minutes {@code vol_30m} takes the log returns of. */
  static final int VOL_WINDOW = 30;

  private final String symbol;
  private final String vendor;
  private @Nullable LocalDate day;
  private @Nullable TradingSession session;
  private final TreeMap<Long, MinuteBar> bars = new TreeMap<>();

  /** The regular session's running values over the minutes that left the reach. */
  private Totals folded = Totals.NONE;

  private long newest = Long.MIN_VALUE;
  private long published = Long.MIN_VALUE;

  public SessionMinutes(String symbol, String vendor) {
    this.symbol = symbol;
    this.vendor = vendor;
  }

  /**
   * Applies the versions that became known at {@code at} and emits the rows that changed.
   *
   * @param versions every version with {@code availableAt == at}, in any order
   */
  public void apply(
      long at,
      List<MinuteBar> versions,
      Consumer<MinuteFeatures> out,
      BiConsumer<MinuteBar, String> reject) {
    if (at <= published) {
      versions.forEach(
          v ->
              reject.accept(
                  v,
                  String.format(
                      "backdated: available_at %s is not after %s, the newest instant gold already"
                          + " published for %s; rebuild with pitlake build --layer intraday",
                      Instant.ofEpochMilli(at), Instant.ofEpochMilli(published), symbol)));
      return;
    }
    List<MinuteBar> sorted =
        versions.stream()
            .sorted(
                java.util.Comparator.comparingLong(MinuteBar::start)
                    .thenComparing(MinuteBar::path)
                    .thenComparingInt(MinuteBar::version))
            .toList();
    LocalDate latest = sorted.stream().map(MinuteBar::day).max(LocalDate::compareTo).orElse(day);
    if (latest != null && (day == null || latest.isAfter(day))) {
      startDay(latest);
    }
    long reachNewest = newest;
    for (MinuteBar v : sorted) {
      if (v.day().equals(day)) {
        reachNewest = Math.max(reachNewest, v.start());
      }
    }
    long firstChanged = Long.MAX_VALUE;
    for (MinuteBar v : sorted) {
      if (!v.day().equals(day)) {
        reject.accept(
            v,
            String.format(
                "of %s, a day before %s, the day %s's minute features follow; rebuild with"
                    + " pitlake build --layer intraday",
                v.day(), day, symbol));
      } else if (v.start() < reachNewest - REACH * MINUTE) {
        reject.accept(
            v,
            String.format(
                "more than %d minutes before %s, the newest minute of %s: its rows are settled;"
                    + " rebuild with pitlake build --layer intraday",
                REACH, Instant.ofEpochMilli(reachNewest), symbol));
      } else {
        MinuteBar old = bars.get(v.start());
        if (old == null || !old.sameValues(v)) {
          bars.put(v.start(), v);
          firstChanged = Math.min(firstChanged, v.start());
        }
      }
    }
    advance(reachNewest);
    if (firstChanged == Long.MAX_VALUE) {
      return;
    }
    for (MinuteBar bar : bars.tailMap(firstChanged, true).values()) {
      out.accept(row(bar, at));
    }
    published = at;
  }

  private void startDay(LocalDate next) {
    day = next;
    session =
        NyseCalendar.instance().supports(next)
            ? NyseCalendar.instance().session(next).orElse(null)
            : null;
    bars.clear();
    folded = Totals.NONE;
    newest = Long.MIN_VALUE;
  }

  /** Moves the newest minute to {@code next}: folds what left the reach, drops what left KEEP. */
  private void advance(long next) {
    if (next == newest) {
      return;
    }
    long foldFrom = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - REACH * MINUTE;
    long foldTo = next - REACH * MINUTE;
    for (MinuteBar bar : bars.subMap(foldFrom, true, foldTo, false).values()) {
      if (regular(bar.start())) {
        folded = folded.plus(bar);
      }
    }
    bars.headMap(next - KEEP * MINUTE, false).clear();
    newest = next;
  }

  private boolean regular(long start) {
    return session != null
        && start >= session.open().toEpochMilli()
        && start < session.close().toEpochMilli();
  }

  private MinuteFeatures row(MinuteBar bar, long at) {
    long t = bar.start();
    Totals totals = folded;
    long ingested = bar.ingestedAt();
    for (MinuteBar b : bars.subMap(newest - REACH * MINUTE, true, t, true).values()) {
      if (regular(b.start())) {
        totals = totals.plus(b);
      }
    }
    for (MinuteBar b : bars.subMap(t - REACH * MINUTE, true, t, true).values()) {
      ingested = Math.max(ingested, b.ingestedAt());
    }
    boolean regular = regular(t);
    Double vwap = totals.volume > 0 ? totals.priceVolume / totals.volume : null;
    boolean any = totals != Totals.NONE;
    return new MinuteFeatures(
        symbol,
        vendor,
        t,
        at,
        ingested,
        bar.path(),
        bar.version(),
        regular,
        bar.close(),
        bar.volume(),
        ret(bar, 1),
        ret(bar, 5),
        ret(bar, 15),
        ret(bar, 60),
        vol30(t),
        vwap == null ? null : bar.close() / vwap - 1,
        regular && totals.volume > 0 ? bar.volume() / totals.volume : null,
        any ? totals.open : null,
        any ? totals.high : null,
        any ? totals.low : null,
        any ? totals.close : null,
        any ? totals.volume : null,
        vwap);
  }

  /** close_t / close_(t - n minutes) - 1, null when either minute has no bar. */
  private @Nullable Double ret(MinuteBar bar, int n) {
    MinuteBar before = bars.get(bar.start() - n * MINUTE);
    return before == null ? null : bar.close() / before.close() - 1;
  }

  /**
   * The sample standard deviation (ddof 1) of the {@link #VOL_WINDOW} one-minute log returns ending
   * at {@code t}, null unless all 31 minutes have a bar.
   */
  private @Nullable Double vol30(long t) {
    double[] r = new double[VOL_WINDOW];
    double sum = 0;
    for (int i = 0; i < VOL_WINDOW; i++) {
      MinuteBar now = bars.get(t - i * MINUTE);
      MinuteBar before = bars.get(t - (i + 1) * MINUTE);
      if (now == null || before == null) {
        return null;
      }
      r[i] = Math.log(now.close() / before.close());
      sum += r[i];
    }
    double mean = sum / VOL_WINDOW;
    double squares = 0;
    for (double x : r) {
      squares += (x - mean) * (x - mean);
    }
    return Math.sqrt(squares / (VOL_WINDOW - 1));
  }

  /** The state a live job checkpoints. */
  public byte[] toBytes() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeLong(day == null ? Long.MIN_VALUE : day.toEpochDay());
      out.writeLong(newest);
      out.writeLong(published);
      folded.write(out);
      out.writeInt(bars.size());
      for (MinuteBar b : bars.values()) {
        out.writeUTF(b.path());
        out.writeLong(b.start());
        out.writeInt(b.version());
        out.writeDouble(b.open());
        out.writeDouble(b.high());
        out.writeDouble(b.low());
        out.writeDouble(b.close());
        out.writeDouble(b.volume());
        out.writeDouble(b.vwap() == null ? Double.NaN : b.vwap());
        out.writeLong(b.availableAt());
        out.writeLong(b.ingestedAt());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** The state {@link #toBytes} wrote, or an empty one for null. */
  public static SessionMinutes fromBytes(String symbol, String vendor, @Nullable byte[] bytes) {
    SessionMinutes s = new SessionMinutes(symbol, vendor);
    if (bytes == null) {
      return s;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      long day = in.readLong();
      if (day != Long.MIN_VALUE) {
        s.startDay(LocalDate.ofEpochDay(day));
      }
      s.newest = in.readLong();
      s.published = in.readLong();
      s.folded = Totals.read(in);
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String path = in.readUTF();
        long start = in.readLong();
        int version = in.readInt();
        double open = in.readDouble();
        double high = in.readDouble();
        double low = in.readDouble();
        double close = in.readDouble();
        double volume = in.readDouble();
        double vwap = in.readDouble();
        s.bars.put(
            start,
            new MinuteBar(
                symbol,
                vendor,
                path,
                start,
                version,
                open,
                high,
                low,
                close,
                volume,
                Double.isNaN(vwap) ? null : vwap,
                in.readLong(),
                in.readLong()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s;
  }

  /** The regular session's running open, high, low, close, volume and price × volume. */
  private record Totals(
      double open, double high, double low, double close, double volume, double priceVolume) {

    static final Totals NONE = new Totals(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);

    Totals plus(MinuteBar b) {
      return this == NONE
          ? new Totals(b.open(), b.high(), b.low(), b.close(), b.volume(), b.price() * b.volume())
          : new Totals(
              open,
              Math.max(high, b.high()),
              Math.min(low, b.low()),
              b.close(),
              volume + b.volume(),
              priceVolume + b.price() * b.volume());
    }

    void write(DataOutputStream out) throws IOException {
      out.writeBoolean(this == NONE);
      out.writeDouble(open);
      out.writeDouble(high);
      out.writeDouble(low);
      out.writeDouble(close);
      out.writeDouble(volume);
      out.writeDouble(priceVolume);
    }

    static Totals read(DataInputStream in) throws IOException {
      boolean none = in.readBoolean();
      Totals t =
          new Totals(
              in.readDouble(),
              in.readDouble(),
              in.readDouble(),
              in.readDouble(),
              in.readDouble(),
              in.readDouble());
      return none ? NONE : t;
    }
  }
}
