package io.pitlake.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The per-symbol engine's arithmetic ({@link RecentBars}) against {@link BarFeatures#compute}, the
 * two-pass computation over every bar life: fed the same versions in availability order, instant by
 * instant, it emits exactly the same rows, whatever the order within an instant.
 */
class RecentBarsTest {

  static final long HOUR = 3_600_000L;

  /**
   * A symbol's versions: sessions 0..n-1 with some gaps, each first known at its own hour (some
   * late, after later sessions), some revised later, and (with {@code sharedRevisions}) several
   * revisions at one shared instant, as one fetched page gives them.
   */
  static List<BarVersion> versions(int sessions, long seed, boolean sharedRevisions) {
    Random random = new Random(seed);
    List<BarVersion> versions = new ArrayList<>();
    double close = 100;
    // After every other version, as the versioner numbers them: a later version is never known
    // earlier.
    long sharedRevision = (sessions + 50) * HOUR;
    for (int s = 0; s < sessions; s++) {
      close *= Math.exp(random.nextGaussian() * 0.02);
      if (random.nextInt(15) == 0) {
        continue; // a session without a bar
      }
      long known = s * HOUR + (random.nextInt(12) == 0 ? 3 * HOUR + 1 : 0); // some arrive late
      versions.add(version(s, 1, close, known));
      if (random.nextInt(6) == 0) {
        versions.add(version(s, 2, close * 1.01, known + (1 + random.nextInt(40)) * HOUR));
      }
      if (sharedRevisions && random.nextInt(8) == 0) {
        int v = versions.get(versions.size() - 1).version() + 1;
        versions.add(version(s, v, close * 0.99, sharedRevision));
      }
    }
    return versions;
  }

  static BarVersion version(int session, int version, double close, long availableAt) {
    Double vwap = session % 3 == 0 ? null : close * 1.001;
    return new BarVersion(
        "SYM",
        session,
        version,
        close,
        1000 + session,
        vwap,
        session,
        availableAt,
        availableAt + 7);
  }

  /** The lives BarFeatures reads: each version until the next one's instant, empty ones dropped. */
  static List<BarLife> lives(List<BarVersion> versions) {
    Map<Integer, List<BarVersion>> bySession =
        versions.stream().collect(Collectors.groupingBy(BarVersion::session));
    List<BarLife> lives = new ArrayList<>();
    for (List<BarVersion> vs : bySession.values()) {
      vs.sort(Comparator.comparingInt(BarVersion::version));
      for (int i = 0; i < vs.size(); i++) {
        BarVersion v = vs.get(i);
        long to = i + 1 < vs.size() ? vs.get(i + 1).availableAt() : Long.MAX_VALUE;
        if (v.availableAt() < to) {
          lives.add(
              new BarLife(
                  v.session(),
                  v.version(),
                  v.close(),
                  v.volume(),
                  v.vwap(),
                  v.eventTime(),
                  v.ingestedAt(),
                  v.availableAt(),
                  to));
        }
      }
    }
    return lives;
  }

  static List<DailyFeatures> incremental(List<BarVersion> versions, int retain, Random shuffle) {
    TreeMap<Long, List<BarVersion>> byInstant = new TreeMap<>();
    versions.forEach(
        v -> byInstant.computeIfAbsent(v.availableAt(), k -> new ArrayList<>()).add(v));
    RecentBars recent = RecentBars.empty();
    List<DailyFeatures> rows = new ArrayList<>();
    for (Map.Entry<Long, List<BarVersion>> e : byInstant.entrySet()) {
      List<BarVersion> atK = new ArrayList<>(e.getValue());
      Collections.shuffle(atK, shuffle);
      // Through the state encoding, as the engine keeps it between flushes.
      recent = RecentBars.fromBytes(recent.toBytes());
      rows.addAll(
          recent.apply(
              e.getKey(),
              atK,
              retain,
              v -> {
                throw new AssertionError("refused " + v);
              }));
    }
    return rows;
  }

  static List<DailyFeatures> sorted(List<DailyFeatures> rows) {
    List<DailyFeatures> copy = new ArrayList<>(rows);
    copy.sort(
        Comparator.comparingInt(DailyFeatures::session)
            .thenComparingLong(DailyFeatures::availableAt));
    return copy;
  }

  @Test
  @DisplayName("instant by instant, the rows are exactly the two-pass computation's")
  void incrementalRowsEqualTheTwoPassComputation() {
    for (long seed = 1; seed <= 20; seed++) {
      List<BarVersion> versions = versions(120, seed, true);
      List<DailyFeatures> expected = BarFeatures.compute(lives(versions), 0, 119);
      assertThat(expected).hasSizeGreaterThan(100);
      assertThat(sorted(incremental(versions, Integer.MAX_VALUE, new Random(seed))))
          .as("seed %s", seed)
          .isEqualTo(sorted(expected));
    }
  }

  @Test
  @DisplayName("a bounded window gives the same rows when no version reaches past it")
  void boundedWindowGivesTheSameRows() {
    List<BarVersion> versions = versions(400, 7, false);
    List<DailyFeatures> expected = BarFeatures.compute(lives(versions), 0, 399);
    assertThat(sorted(incremental(versions, 60, new Random(3)))).isEqualTo(sorted(expected));
  }

  @Test
  @DisplayName("a version whose window reaches sessions already dropped is refused, not misplaced")
  void versionOlderThanTheWindowIsRefused() {
    RecentBars recent = RecentBars.empty();
    for (int s = 0; s < 100; s++) {
      recent.apply(s * HOUR, List.of(version(s, 1, 100 + s, s * HOUR)), 30, v -> {});
    }
    List<BarVersion> refused = new ArrayList<>();
    List<DailyFeatures> rows =
        recent.apply(200 * HOUR, List.of(version(40, 2, 90, 200 * HOUR)), 30, refused::add);
    assertThat(refused).extracting(BarVersion::session).containsExactly(40);
    assertThat(rows).isEmpty();
    // A revision inside the window still re-versions exactly the 22 sessions it reaches.
    List<DailyFeatures> revised =
        recent.apply(201 * HOUR, List.of(version(95, 2, 90, 201 * HOUR)), 30, refused::add);
    assertThat(revised).extracting(DailyFeatures::session).containsExactly(95, 96, 97, 98, 99);
  }
}
