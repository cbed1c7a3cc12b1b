import io.pitlake.features.library.ExFactor;
import io.pitlake.features.library.FeatureVector;
import io.pitlake.features.library.RawBar;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.simulator.SimulatedBar;
import io.pitlake.time.NyseCalendar;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each feature family of {@code gold.features_daily} costs per row: the simulator's daily bars
 * of N symbols are walked row by row through {@link FeatureVector}, the layer's own computation,
 * once with every family (the whole row, the same-run baseline), once with none (the row's series
 * in session t's basis, which every row builds) and once per family alone ({@link
 * FeatureVector#FAMILIES}). A family's figure is its run less the run with none; the sum of the
 * families' figures plus the series against the whole row shows what the families share (a window's
 * mean, extremes and fit are computed once for all that read them). One thread, CPU time of that
 * thread (steadier than wall time on a shared machine) and wall time; rounds alternate the runs'
 * order so each sees the same machine. Run by bench/feature-families.sh.
 *
 * <p>Usage: FeatureFamilies [symbols=20] [from=2015-01-01] [to=2024-12-31] [rounds=5]
 */
public final class FeatureFamilies {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Keeps the JIT from dropping a computation whose result nothing reads. */
  private static double sink;

  public static void main(String[] args) throws Exception {
    int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    LocalDate from = LocalDate.parse(args.length > 1 ? args[1] : "2015-01-01");
    LocalDate to = LocalDate.parse(args.length > 2 ? args[2] : "2024-12-31");
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    List<List<RawBar>> series = series(symbols, from, to);
    long rows = series.stream().mapToLong(List::size).sum();
    System.out.printf(
        "series: %d symbols x %d sessions (%s..%s) = %,d rows, no corporate actions (the"
            + " simulator's B symbols have none, as in bench/backfill.sh)%n",
        symbols, series.get(0).size(), from, to, rows);
    Map<String, FeatureVector> runs = new LinkedHashMap<>();
    runs.put("whole row", new FeatureVector());
    runs.put("series", new FeatureVector(List.of()));
    for (String family : FeatureVector.FAMILIES) {
      runs.put(family, new FeatureVector(List.of(family)));
    }
    List<String> names = new ArrayList<>(runs.keySet());
    // Warm-up: every run twice before anything is timed, so each path is compiled.
    for (int i = 0; i < 2; i++) {
      for (FeatureVector vector : runs.values()) {
        walk(vector, series);
      }
    }
    Map<String, double[]> cpu = new LinkedHashMap<>();
    Map<String, double[]> wall = new LinkedHashMap<>();
    for (String name : names) {
      cpu.put(name, new double[rounds]);
      wall.put(name, new double[rounds]);
    }
    for (int r = 0; r < rounds; r++) {
      List<String> order = new ArrayList<>(names);
      if (r % 2 == 1) {
        Collections.reverse(order);
      }
      for (String name : order) {
        long wall0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        walk(runs.get(name), series);
        cpu.get(name)[r] = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / rows;
        wall.get(name)[r] = (System.nanoTime() - wall0) / 1e3 / rows;
      }
      System.out.printf("round %d done, load %s%n", r + 1, load());
    }
    System.out.printf(
        "%nµs per row on one thread, over %d rounds: CPU median and minimum, wall median; a family"
            + " is its run less the series run%n",
        rounds);
    System.out.printf(
        "%-10s %7s %10s %10s %10s%n", "family", "columns", "CPU med", "CPU min", "wall med");
    double[] base = {median(cpu.get("series")), min(cpu.get("series")), median(wall.get("series"))};
    double[] sum = base.clone();
    for (String name : names) {
      double[] figures = {median(cpu.get(name)), min(cpu.get(name)), median(wall.get(name))};
      boolean family = !name.equals("whole row") && !name.equals("series");
      for (int i = 0; family && i < figures.length; i++) {
        figures[i] -= base[i];
        sum[i] += figures[i];
      }
      System.out.printf(
          "%-10s %7s %10.2f %10.2f %10.2f%n",
          name, family ? columns(runs.get(name), series) : "", figures[0], figures[1], figures[2]);
    }
    double whole = median(cpu.get("whole row"));
    System.out.printf(
        "%-10s %7s %10.2f %10.2f %10.2f%n", "sum", "", sum[0], sum[1], sum[2]);
    System.out.printf(
        "whole row = %.0f%% of series + families alone (CPU median; the rest is what families"
            + " share); whole row %,.0f rows/s on one thread%n",
        100 * whole / sum[0], 1e6 / whole);
  }

  /** Every row of every symbol, as the layer computes a row from the bars known at its instant. */
  private static void walk(FeatureVector vector, List<List<RawBar>> series) {
    List<ExFactor> none = List.of();
    double s = 0;
    for (List<RawBar> bars : series) {
      for (int t = 0; t < bars.size(); t++) {
        s += vector.compute(bars, t, none)[0];
      }
    }
    sink += s;
  }

  /** The columns the family writes, counted on the last row of the first symbol. */
  private static long columns(FeatureVector vector, List<List<RawBar>> series) {
    List<RawBar> bars = series.get(0);
    return Arrays.stream(vector.compute(bars, bars.size() - 1, List.of()))
        .filter(v -> !Double.isNaN(v))
        .count();
  }

  private static List<List<RawBar>> series(int symbols, LocalDate from, LocalDate to) {
    PolygonSimulator simulator = PolygonSimulator.builder().build();
    NyseCalendar calendar = NyseCalendar.instance();
    Instant now = Instant.now();
    List<List<RawBar>> all = new ArrayList<>();
    for (int i = 1; i <= symbols; i++) {
      String symbol = String.format("B%04d", i);
      List<RawBar> bars = new ArrayList<>();
      for (LocalDate session : calendar.sessions(from, to)) {
        SimulatedBar b = simulator.bar(symbol, session, now);
        bars.add(
            new RawBar(
                calendar.sessionIndex(session), session, b.o(), b.h(), b.l(), b.c(), b.v(), b.vw()));
      }
      all.add(bars);
    }
    return all;
  }

  private static double median(double[] x) {
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double min(double[] x) {
    return Arrays.stream(x).min().orElseThrow();
  }

  private static String load() throws Exception {
    return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
  }

  private FeatureFamilies() {}
}
