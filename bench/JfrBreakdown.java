import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a backfill's CPU goes, by component, from a JFR recording of it ({@code bench/profile.sh}
 * makes one). Run with the JDK's source launcher, no build needed:
 *
 * <pre>java bench/JfrBreakdown.java RECORDING.jfr BARS CPU_SECONDS CORES</pre>
 *
 * <p>Each execution sample is charged to one component, by the first rule that owns it: the
 * simulator's and the CLI's threads by thread; everything under Iceberg's Parquet writer, or under
 * its delta writer's key map, by any frame of the stack; every other sample by its innermost frame
 * of a known library or pitlake package (JDK frames are charged to their caller), so a Jackson call
 * inside the normaliser counts as JSON. Shares are of the Java threads' samples; CPU seconds spread
 * the process's user+sys time (GC and JIT included) over them in proportion.
 *
 * <p>The last lines give ceilings: the rate the machine would reach if only the named components
 * ran, at their measured cost. They show which targets no tuning of the rest could reach.
 */
public final class JfrBreakdown {

  /**
   * Where a rule looks: the sampled thread's name, any frame of the stack, or the innermost frame.
   */
  enum Scope {
    THREAD,
    STACK,
    FRAME
  }

  /** A component: a name and the pattern of the thread or frames it owns. */
  record Rule(String name, Pattern pattern, Scope scope) {
    static Rule of(Scope scope, String name, String regex) {
      return new Rule(name, Pattern.compile(regex), scope);
    }
  }

  static final String SIMULATOR = "vendor simulator (makes and serves the JSON)";
  static final String PARQUET = "Parquet encoding (Iceberg's Parquet and Flink-row writers)";
  static final String KEY_MAP = "Iceberg equality-delta writer's key map";
  static final String ICEBERG = "Iceberg writer, other (rolling files, partition keys)";
  static final String JSON = "JSON parsing and hashing (Jackson)";
  static final String HTTP = "HTTP client (OkHttp)";

  static final List<Rule> RULES =
      List.of(
          Rule.of(Scope.THREAD, SIMULATOR, "^polygon-simulator"),
          Rule.of(Scope.THREAD, "CLI thread (planning, catalog, summary)", "^main$"),
          Rule.of(Scope.STACK, PARQUET, "^org\\.apache\\.iceberg\\.parquet\\.ParquetWriter\\."),
          Rule.of(Scope.STACK, KEY_MAP, "StructLikeMap|StructLikeWrapper|StructLikeUtil"),
          Rule.of(Scope.FRAME, ICEBERG, "^org\\.apache\\.iceberg\\."),
          Rule.of(Scope.FRAME, JSON, "jackson"),
          Rule.of(Scope.FRAME, HTTP, "okhttp3|okio"),
          Rule.of(Scope.FRAME, "bar features (Java table function)", "^io\\.pitlake\\.features\\."),
          Rule.of(
              Scope.FRAME, "option pricing (IV solves, Greeks)", "^io\\.pitlake\\.options\\.pricing\\."),
          Rule.of(
              Scope.FRAME,
              "options gold computations (versions, rows)",
              "^io\\.pitlake\\.options\\."),
          Rule.of(Scope.FRAME, "keyed engine (job.keyed)", "^io\\.pitlake\\.job\\.keyed\\."),
          Rule.of(
              Scope.FRAME,
              "pitlake, other (source, normaliser, versioner, UDFs)",
              "^io\\.pitlake\\."),
          Rule.of(
              Scope.FRAME,
              "Flink exchanges (record serialisation, network buffers)",
              "StreamElementSerializer|runtime\\.io\\.network|RecordWriter|"
                  + "SpillingAdaptiveSpanningRecordDeserializer|NonSpanningWrapper"),
          Rule.of(
              Scope.FRAME,
              "Flink SQL sorts",
              "BinaryExternalSorter|runtime\\.operators\\.sort|QuickSort|BinaryIndexedSortable"),
          Rule.of(
              Scope.FRAME,
              "Flink SQL operators (aggregates, joins, calcs, row (de)serialisation)",
              "^org\\.apache\\.flink\\.table\\.|^[A-Z][A-Za-z]*\\$\\d+"),
          Rule.of(Scope.FRAME, "Flink runtime, other", "^org\\.apache\\.flink\\."));

  static final Pattern JDK = Pattern.compile("^(java|javax|jdk|sun|com\\.sun)\\.");

  /** Components that any pipeline writing these tables from this vendor must run. */
  static final Set<String> FLOOR = Set.of(SIMULATOR, HTTP, JSON, PARQUET);

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println(
          "usage: java bench/JfrBreakdown.java RECORDING.jfr BARS CPU_SECONDS CORES");
      System.exit(2);
    }
    long bars = Long.parseLong(args[1]);
    double cpuSeconds = Double.parseDouble(args[2]);
    int cores = Integer.parseInt(args[3]);
    Map<String, Long> samples = new LinkedHashMap<>();
    RULES.forEach(r -> samples.put(r.name(), 0L));
    samples.put("unattributed", 0L);
    Map<String, Long> compression = new LinkedHashMap<>();
    long total = 0;
    try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
          continue;
        }
        String type = event.getEventType().getName();
        if (type.equals("jdk.ExecutionSample")) {
          total++;
          samples.merge(component(event), 1L, Long::sum);
        } else if (type.equals("jdk.NativeMethodSample")) {
          String top = event.getStackTrace().getFrames().get(0).getMethod().getType().getName();
          if (top.contains("zstd")) {
            compression.merge("zstd (Parquet pages)", 1L, Long::sum);
          } else if (top.contains("lz4")) {
            compression.merge("LZ4 (Flink exchanges)", 1L, Long::sum);
          }
        }
      }
    }
    if (total == 0) {
      System.err.println("no execution samples in " + args[0] + ": record with settings=profile");
      System.exit(1);
    }
    System.out.printf("%-72s %6s %8s %9s%n", "component", "share", "CPU s", "µs/bar");
    double floor = 0;
    for (var entry : samples.entrySet()) {
      double share = entry.getValue() / (double) total;
      double seconds = share * cpuSeconds;
      if (FLOOR.contains(entry.getKey())) {
        floor += seconds;
      }
      if (entry.getValue() > 0) {
        System.out.printf(
            "%-72s %5.1f%% %8.1f %9.1f%n",
            entry.getKey(), share * 100, seconds, seconds * 1e6 / bars);
      }
    }
    long javaSamples = total;
    if (!compression.isEmpty()) {
      // settings=profile samples Java code every 10 ms and native code every 20 ms
      System.out.printf(
          "native compression, outside the shares above: %s native samples%n",
          compression.entrySet().stream()
              .map(
                  e ->
                      String.format(
                          "%s %,d (~%.1f%%)",
                          e.getKey(), e.getValue(), 200.0 * e.getValue() / javaSamples))
              .toList());
    }
    double parquet = samples.get(PARQUET) / (double) total * cpuSeconds;
    System.out.printf(
        "%,d samples; %,d bars; %.1f CPU s on %d cores = %.1f µs of CPU per bar%n",
        total, bars, cpuSeconds, cores, cpuSeconds * 1e6 / bars);
    System.out.printf(
        "ceiling if only Parquet encoding ran:                          %,9.0f bars/s%n",
        bars * cores / parquet);
    System.out.printf(
        "ceiling if only simulator + HTTP + JSON + Parquet encoding ran: %,9.0f bars/s%n",
        bars * cores / floor);
  }

  static String component(RecordedEvent event) {
    var sampled = event.getThread("sampledThread");
    String thread = sampled == null || sampled.getJavaName() == null ? "" : sampled.getJavaName();
    List<String> methods =
        event.getStackTrace().getFrames().stream()
            .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName())
            .toList();
    for (Rule rule : RULES) {
      boolean owns =
          switch (rule.scope()) {
            case THREAD -> rule.pattern().matcher(thread).find();
            case STACK -> methods.stream().anyMatch(m -> rule.pattern().matcher(m).find());
            case FRAME -> false;
          };
      if (owns) {
        return rule.name();
      }
    }
    for (String method : methods) {
      if (JDK.matcher(method).find()) {
        continue;
      }
      for (Rule rule : RULES) {
        if (rule.scope() == Scope.FRAME && rule.pattern().matcher(method).find()) {
          return rule.name();
        }
      }
    }
    return "unattributed";
  }
}
