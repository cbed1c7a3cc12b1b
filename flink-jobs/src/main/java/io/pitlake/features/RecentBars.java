package io.pitlake.features;

import io.pitlake.adjustment.ReturnSteps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One symbol's newest bar version per recent session, and the newest instant whose feature rows
 * were published: everything the per-symbol engine keeps between instants. Pure (no Flink), so its
 * rows can be checked against {@link BarFeatures#compute}, the two-pass computation of the same
 * definition.
 *
 * <p>Why incremental: gold.bar_features_daily has a row for session s at every instant a return in
 * its window [s-20, s] starts a new life, and at the instant s's own bar is first known. Processing
 * the versions of one symbol in availability order, the returns that start a life at instant k are
 * those of the sessions J whose bar got a new version at k, and of j+1 for each j in J (its
 * previous close changed) when that bar is known; so the rows at k are those of every known session
 * within 20 sessions after one of them. Each row needs only the 22 newest bars ending at its
 * session, so a bounded window of sessions is enough, however long the history.
 *
 * <p>Sessions more than {@code retain} sessions before the newest are dropped; a version of a
 * session whose features would read a dropped one cannot be processed here (it goes to {@code
 * tooOld}), and needs a batch rebuild, which keeps every session.
 */
final class RecentBars {

  private final SessionSlots bars;
  private long published;

  /** The lowest session whose window is complete: every session from 21 before it is kept. */
  private int complete;

  private RecentBars(SessionSlots bars, long published, int complete) {
    this.bars = bars;
    this.published = published;
    this.complete = complete;
  }

  static RecentBars empty() {
    return new RecentBars(new SessionSlots(), Long.MIN_VALUE, Integer.MIN_VALUE);
  }

  /** The newest instant whose rows were published; {@link Long#MIN_VALUE} before any. */
  long published() {
    return published;
  }

  /**
   * Applies the versions that became available at {@code k} (all of them: the result does not
   * depend on their order) and returns the feature rows that become valid at {@code k}, in session
   * order. {@code k} must be after {@link #published}.
   *
   * @param retain sessions kept before the newest; {@link Integer#MAX_VALUE} keeps all
   * @param tooOld receives versions whose window reaches dropped sessions
   */
  List<DailyFeatures> apply(
      long k, List<BarVersion> versions, int retain, Consumer<BarVersion> tooOld) {
    if (k <= published) {
      throw new IllegalArgumentException(
          "instant " + k + " is not after the published instant " + published);
    }
    TreeSet<Integer> changed = new TreeSet<>();
    for (BarVersion v : versions) {
      if (v.session() < complete) {
        tooOld.accept(v);
        continue;
      }
      BarLife current = bars.get(v.session());
      if (current == null || current.version() < v.version()) {
        bars.put(v.session(), v.life());
        changed.add(v.session());
      }
    }
    published = k;
    if (changed.isEmpty()) {
      return List.of();
    }
    TreeSet<Integer> returns = new TreeSet<>(changed);
    for (int j : changed) {
      if (bars.get(j + 1) != null) {
        returns.add(j + 1);
      }
    }
    List<DailyFeatures> rows = new ArrayList<>();
    for (int s = returns.first(); s <= returns.last() + BarFeatures.WINDOW - 1; s++) {
      Integer nearest = returns.floor(s);
      if (bars.get(s) != null && nearest != null && nearest >= s - (BarFeatures.WINDOW - 1)) {
        rows.add(BarFeatures.featuresAt(s, k, bars::get, ReturnSteps.NONE));
      }
    }
    evict(retain);
    return rows;
  }

  private void evict(int retain) {
    if (retain == Integer.MAX_VALUE || bars.isEmpty()) {
      return;
    }
    int keepFrom = bars.last() - retain;
    if (bars.dropBelow(keepFrom)) {
      complete = Math.max(complete, keepFrom + BarFeatures.HISTORY);
    }
  }

  /** A compact encoding for keyed state: one read and one write per flush, whatever the backend. */
  byte[] toBytes() {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + bars.size() * 60);
        DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(published);
      out.writeInt(complete);
      out.writeInt(bars.size());
      bars.forEach(
          b -> {
            try {
              out.writeInt(b.session());
              out.writeInt(b.version());
              out.writeDouble(b.close());
              out.writeDouble(b.volume());
              out.writeBoolean(b.vwap() != null);
              out.writeDouble(b.vwap() == null ? 0 : b.vwap());
              out.writeLong(b.eventTime());
              out.writeLong(b.ingestedAt());
              out.writeLong(b.validFrom());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RecentBars fromBytes(byte[] encoded) {
    if (encoded == null) {
      return empty();
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      long published = in.readLong();
      int complete = in.readInt();
      int size = in.readInt();
      SessionSlots bars = new SessionSlots();
      for (int i = 0; i < size; i++) {
        int session = in.readInt();
        int version = in.readInt();
        double close = in.readDouble();
        double volume = in.readDouble();
        boolean hasVwap = in.readBoolean();
        double vwap = in.readDouble();
        long eventTime = in.readLong();
        long ingestedAt = in.readLong();
        long validFrom = in.readLong();
        bars.put(
            session,
            new BarLife(
                session,
                version,
                close,
                volume,
                hasVwap ? vwap : null,
                eventTime,
                ingestedAt,
                validFrom,
                Long.MAX_VALUE));
      }
      return new RecentBars(bars, published, complete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
