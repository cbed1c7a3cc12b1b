package io.pitlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.testing.DocumentedReads;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.time.NyseCalendar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.shaded.org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.iceberg.shaded.org.apache.parquet.io.LocalInputFile;
import org.apache.iceberg.shaded.org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pitlake export qlib} and {@code export parquet} on a lake the CLI builds from the
 * simulators: AAPL, SPLT (a 4-for-1 split, ex 2024-06-10), DIVC (dividends, ex 2024-03-14 and
 * 2024-06-13) and PRN (a Windows device name, which Qlib's files must prefix) over 2024-01 to
 * 2024-07, then a second backfill with another seed that revises AAPL's July (version 2, known only
 * from that run on).
 *
 * <p>Every exported value is checked against {@code sql/reads/bars_daily_adjusted.sql} run at the
 * same T (the Qlib files byte by byte, as float32 little-endian), and the two point-in-time modes
 * against each other and against silver's first versions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final String SYMBOLS = "AAPL,SPLT,DIVC,PRN";
  static final String REVISED = "AAPL";
  static final LocalDate REVISED_FROM = LocalDate.of(2024, 7, 1);
  static final LocalDate LAST = LocalDate.of(2024, 7, 31);
  static final List<String> FIELDS = List.of("ret_1d", "vol_21d", "returns_in_window");
  static final List<String> COLUMNS =
      List.of(
          "open",
          "high",
          "low",
          "close",
          "vwap",
          "volume",
          "factor",
          "ret_1d",
          "vol_21d",
          "returns_in_window");

  /** Before DIVC's June dividend adjusts (04:00Z on its ex date), after SPLT's split does. */
  static final Instant MID_JUNE = Instant.parse("2024-06-12T00:00:00Z");

  /** The lake's tag taken just before the revising backfill, every layer built. */
  static final String BEFORE_REVISION = "before-revision";

  @TempDir static Path dir;

  private Path lakeDir;
  private Lake lake;
  private Instant revisedAt;
  private Instant now;

  @BeforeAll
  void buildLake() throws Exception {
    lakeDir = dir.resolve("lake");
    pitlake("backfill", "--symbols", SYMBOLS, "--from", "2024-01-01", "--to", LAST.toString());
    pitlake(
        "ingest",
        "--datasets",
        "polygon.splits,polygon.dividends",
        "--symbols",
        "SPLT,DIVC",
        "--from",
        "2024-01-01",
        "--to",
        LAST.toString());
    pitlake("build", "--layer", "reference");
    pitlake("build", "--layer", "adjusted");
    pitlake("tag", "create", BEFORE_REVISION);
    revisedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    pitlake(
        "backfill",
        "--symbols",
        REVISED,
        "--from",
        REVISED_FROM.toString(),
        "--to",
        LAST.toString(),
        "--seed",
        "7");
    pitlake("build", "--layer", "adjusted");
    now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    lake = new Lake(lakeDir);
  }

  @AfterAll
  void closeLake() throws Exception {
    lake.close();
  }

  @Test
  @DisplayName(
      "the Qlib files hold, byte for byte, the documented read's adjusted prices, vwap and features"
          + " as of T")
  void qlibFilesEqualTheDocumentedRead() throws Exception {
    for (Instant t : List.of(now, revisedAt, MID_JUNE)) {
      Path out = dir.resolve("qlib-" + t.toEpochMilli());
      pitlake(
          "export",
          "qlib",
          "--out",
          out.toString(),
          "--as-of",
          t.toString(),
          "--fields",
          String.join(",", FIELDS));
      Map<String, Map<LocalDate, Map<String, Double>>> expected = expectedAsOf(t);

      List<String> calendar = Files.readAllLines(out.resolve("calendars/day.txt"));
      LocalDate first =
          expected.values().stream()
              .flatMap(m -> m.keySet().stream())
              .min(LocalDate::compareTo)
              .orElseThrow();
      LocalDate last =
          expected.values().stream()
              .flatMap(m -> m.keySet().stream())
              .max(LocalDate::compareTo)
              .orElseThrow();
      assertThat(calendar)
          .as("calendar as of %s", t)
          .isEqualTo(
              NyseCalendar.instance().sessions(first, last).stream()
                  .map(LocalDate::toString)
                  .toList());
      List<String> instruments = new ArrayList<>();
      for (var symbol : expected.entrySet()) {
        TreeSet<LocalDate> days = new TreeSet<>(symbol.getValue().keySet());
        instruments.add(symbol.getKey() + "\t" + days.first() + "\t" + days.last());
        String fileName =
            symbol.getKey().equals("PRN") ? "_qlib_prn" : symbol.getKey().toLowerCase();
        for (String column : COLUMNS) {
          float[] file = readBin(out.resolve("features/" + fileName + "/" + column + ".day.bin"));
          int start = calendar.indexOf(days.first().toString());
          assertThat(file[0]).as("%s %s start index", symbol.getKey(), column).isEqualTo(start);
          assertThat(file).hasSize(calendar.indexOf(days.last().toString()) - start + 2);
          for (int i = 1; i < file.length; i++) {
            LocalDate day = LocalDate.parse(calendar.get(start + i - 1));
            Map<String, Double> row = symbol.getValue().get(day);
            Double value = row == null ? null : row.get(column);
            float want = value == null ? Float.NaN : value.floatValue();
            assertThat(Float.floatToIntBits(file[i]))
                .as(
                    "%s %s %s as of %s: file %s, lake %s",
                    symbol.getKey(), column, day, t, file[i], want)
                .isEqualTo(Float.floatToIntBits(want));
          }
        }
      }
      assertThat(Files.readAllLines(out.resolve("instruments/all.txt"))).isEqualTo(instruments);
    }
  }

  @Test
  @DisplayName("nothing known after T is in an --as-of T export")
  void nothingAfterTheInstant() throws Exception {
    Path out = dir.resolve("mid-june.parquet");
    pitlake("export", "parquet", "--out", out.toString(), "--as-of", MID_JUNE.toString());
    Map<String, Map<LocalDate, Map<String, Double>>> rows = readParquet(out);
    Map<String, Object> newest =
        Runs.query(
                lake,
                "SELECT MAX(session_date) AS last_session FROM silver.bars_daily WHERE available_at"
                    + " <= TIMESTAMP '2024-06-12 00:00:00'")
            .get(0);
    // 2024-06-10's bar is available at 00:15Z on the 11th, 2024-06-11's only after T.
    assertThat(newest.get("last_session")).isEqualTo(LocalDate.of(2024, 6, 10));
    for (var symbol : rows.entrySet()) {
      assertThat(symbol.getValue().keySet()).allMatch(d -> !d.isAfter(LocalDate.of(2024, 6, 10)));
    }
    // SPLT's split (ex 06-10) adjusts by T; DIVC's June dividend (ex 06-13) does not yet: its
    // sessions after the March ex date are unadjusted, and AAPL's July revision is unknown.
    assertThat(rows.get("SPLT").get(LocalDate.of(2024, 6, 7)).get("factor")).isEqualTo(0.25);
    assertThat(rows.get("DIVC").get(LocalDate.of(2024, 6, 7)).get("factor")).isEqualTo(1.0);
    assertThat(rows.get("DIVC").get(LocalDate.of(2024, 3, 13)).get("factor")).isLessThan(1.0);
    assertThat(rows.get("AAPL")).doesNotContainKey(REVISED_FROM);
  }

  @Test
  @DisplayName(
      "--as-of now and --first-known differ exactly on the revised bars and on the sessions an"
          + " action announced later adjusts")
  void asOfAndFirstKnownDifferExactlyWhereTheyShould() throws Exception {
    Path asOf = dir.resolve("as-of.parquet");
    Path firstKnown = dir.resolve("first-known.parquet");
    pitlake(
        "export",
        "parquet",
        "--out",
        asOf.toString(),
        "--as-of",
        now.toString(),
        "--fields",
        "ret_1d");
    pitlake(
        "export", "parquet", "--out", firstKnown.toString(), "--first-known", "--fields", "ret_1d");
    var latest = readParquet(asOf);
    var first = readParquet(firstKnown);
    assertThat(first.keySet()).isEqualTo(latest.keySet());

    // Silver's first versions, raw: what each session looked like when it was first known.
    Map<String, Map<String, Object>> firstVersions = new HashMap<>();
    Set<String> revised = new HashSet<>();
    for (Map<String, Object> bar :
        Runs.query(
            lake,
            "SELECT symbol, session_date, version, `open`, high, low, `close`,"
                + " volume, vwap FROM silver.bars_daily")) {
      String key = bar.get("symbol") + " " + bar.get("session_date");
      if ((Integer) bar.get("version") == 1) {
        firstVersions.put(key, bar);
      } else {
        revised.add(key);
      }
    }
    // Each session's first feature row: the one in effect when its bar was first known.
    Map<String, Map<String, Object>> firstFeatures = new HashMap<>();
    for (Map<String, Object> row :
        Runs.query(
            lake,
            "SELECT symbol, session_date, available_at, ret_1d FROM gold.bar_features_daily")) {
      firstFeatures.merge(
          row.get("symbol") + " " + row.get("session_date"),
          row,
          (a, b) ->
              ((Instant) a.get("available_at")).isBefore((Instant) b.get("available_at")) ? a : b);
    }
    Set<String> expectedDifferent = new TreeSet<>();
    Set<String> different = new TreeSet<>();
    for (String symbol : latest.keySet()) {
      assertThat(first.get(symbol).keySet()).isEqualTo(latest.get(symbol).keySet());
      for (LocalDate day : latest.get(symbol).keySet()) {
        String key = symbol + " " + day;
        Map<String, Double> known = latest.get(symbol).get(day);
        Map<String, Double> then = first.get(symbol).get(day);
        if (revised.contains(key) || known.get("factor") != 1.0) {
          expectedDifferent.add(key);
        }
        if (!known.equals(then)) {
          different.add(key);
        }
        // First known: version 1 of the bar, no action yet (each adjusts only before its ex date,
        // from that date on).
        Map<String, Object> v1 = firstVersions.get(key);
        assertThat(then)
            .as(key)
            .containsEntry("factor", 1.0)
            .containsEntry("open", (Double) v1.get("open"))
            .containsEntry("close", (Double) v1.get("close"))
            .containsEntry("volume", (Double) v1.get("volume"))
            .containsEntry("vwap", (Double) v1.get("vwap"))
            .containsEntry("ret_1d", (Double) firstFeatures.get(key).get("ret_1d"));
      }
    }
    assertThat(revised).hasSize(NyseCalendar.instance().sessions(REVISED_FROM, LAST).size());
    assertThat(expectedDifferent)
        .anyMatch(k -> k.startsWith("SPLT"))
        .anyMatch(k -> k.startsWith("DIVC"))
        .anyMatch(k -> k.startsWith("AAPL"))
        .noneMatch(k -> k.startsWith("PRN"));
    assertThat(different).isEqualTo(expectedDifferent);

    // A first-known row is the documented read at its own instant: the first availability of
    // the session's bar (after the session's decision instant, its close).
    for (String key : List.of("AAPL 2024-07-15", "SPLT 2024-06-07", "DIVC 2024-06-12")) {
      String symbol = key.substring(0, 4);
      LocalDate day = LocalDate.parse(key.substring(5));
      Instant firstAvailable =
          ((Instant)
              Runs.query(
                      lake,
                      String.format(
                          "SELECT available_at FROM silver.bars_daily WHERE symbol = '%s' AND"
                              + " session_date = DATE '%s' AND version = 1",
                          symbol, day))
                  .get(0)
                  .get("available_at"));
      assertThat(firstAvailable)
          .isAfter(NyseCalendar.instance().session(day).orElseThrow().close());
      Map<String, Double> read = expectedAsOf(firstAvailable).get(symbol).get(day);
      for (String column : List.of("open", "high", "low", "close", "volume", "factor")) {
        assertThat(first.get(symbol).get(day).get(column))
            .as(key + " " + column)
            .isEqualTo(read.get(column));
      }
      Map<String, Double> justBefore =
          expectedAsOf(firstAvailable.minusMillis(1)).getOrDefault(symbol, Map.of()).get(day);
      assertThat(justBefore).as("%s unknown a millisecond earlier", key).isNull();
    }
  }

  @Test
  @DisplayName("the Parquet panel has a timestamp date, the symbol and one double per column")
  void parquetLayout() throws Exception {
    Path out = dir.resolve("layout.parquet");
    pitlake(
        "export",
        "parquet",
        "--out",
        out.toString(),
        "--symbols",
        "DIVC",
        "--start",
        "2024-03-01",
        "--end",
        "2024-03-31",
        "--fields",
        "ret_1d");
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(out))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      assertThat(schema.getFields().stream().map(f -> f.getName()).toList())
          .containsExactly(
              "date", "symbol", "open", "high", "low", "close", "vwap", "volume", "factor",
              "ret_1d");
      assertThat(schema.getType("date").toString())
          .isEqualTo("required int64 date (TIMESTAMP(MICROS,false)) = 1");
    }
    var rows = readParquet(out);
    assertThat(rows.keySet()).containsExactly("DIVC");
    assertThat(rows.get("DIVC").keySet())
        .containsExactlyElementsOf(
            NyseCalendar.instance().sessions(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 31)));
  }

  @Test
  @DisplayName("--tag exports the lake as tagged, and combines with --as-of")
  void tagExportsTheLakeAsTagged() throws Exception {
    Path tagged = dir.resolve("tagged.parquet");
    Path beforeRevision = dir.resolve("before-revision.parquet");
    Path latest = dir.resolve("latest.parquet");
    pitlake("export", "parquet", "--out", tagged.toString(), "--tag", BEFORE_REVISION);
    pitlake(
        "export", "parquet", "--out", beforeRevision.toString(), "--as-of", revisedAt.toString());
    pitlake("export", "parquet", "--out", latest.toString(), "--as-of", now.toString());
    Path taggedMidJune = dir.resolve("tagged-mid-june.parquet");
    Path midJune = dir.resolve("mid-june-untagged.parquet");
    pitlake(
        "export",
        "parquet",
        "--out",
        taggedMidJune.toString(),
        "--tag",
        BEFORE_REVISION,
        "--as-of",
        MID_JUNE.toString());
    pitlake("export", "parquet", "--out", midJune.toString(), "--as-of", MID_JUNE.toString());

    var atTag = readParquet(tagged);
    assertThat(atTag)
        .as("the tagged lake holds what was known before the revision")
        .isEqualTo(readParquet(beforeRevision));
    assertThat(atTag.get(REVISED).get(REVISED_FROM))
        .as("the revision came after the tag")
        .isNotEqualTo(readParquet(latest).get(REVISED).get(REVISED_FROM));
    assertThat(readParquet(taggedMidJune)).isNotEmpty().isEqualTo(readParquet(midJune));
    var missing =
        PitlakeCliTest.run(
            "export",
            "parquet",
            "--out",
            dir.resolve("none.parquet").toString(),
            "--tag",
            "no-such-tag",
            "--warehouse",
            lakeDir.toString());
    assertThat(missing.code()).isEqualTo(Pitlake.EXIT_USAGE);
    assertThat(missing.err().lines().toList()).hasSize(1);
    assertThat(missing.err()).contains("no-such-tag");
    assertThat(dir.resolve("none.parquet")).doesNotExist();
  }

  @Test
  @DisplayName("a bad flag exits 2 with one line that names the flag and the fix")
  void badFlags() throws Exception {
    Path nonEmpty = Files.createDirectories(dir.resolve("used"));
    Files.writeString(nonEmpty.resolve("x"), "x");
    String lakeArg = lakeDir.toString();
    Map<List<String>, String> cases = new LinkedHashMap<>();
    cases.put(
        List.of("qlib", "--out", dir.resolve("a").toString(), "--fields", "close"),
        "--fields close is not a feature column: choose from gold.bar_features_daily's"
            + " (dollar_volume,ret_1d,ret_5d,ret_21d,vol_21d,returns_in_window) or"
            + " gold.features_daily's (FeatureColumns.ALL, listed in TABLES.md");
    cases.put(
        List.of("qlib", "--out", nonEmpty.toString()),
        "--out " + nonEmpty + " is not empty: give a new or empty directory");
    cases.put(
        List.of(
            "parquet",
            "--out",
            dir.resolve("b.parquet").toString(),
            "--start",
            "2024-05-01",
            "--end",
            "2024-04-01"),
        "--start 2024-05-01 is after --end 2024-04-01: give a start on or before the end");
    cases.put(
        List.of("parquet", "--out", dir.resolve("c.parquet").toString(), "--as-of", "2024-06-01"),
        "'2024-06-01' is not an instant: use an ISO date-time with its offset");
    cases.put(List.of("parquet"), "Missing required option: '--out=FILE'");
    for (var entry : cases.entrySet()) {
      List<String> args = new ArrayList<>(List.of("export"));
      args.addAll(entry.getKey());
      args.addAll(List.of("--warehouse", lakeArg));
      var result = PitlakeCliTest.run(args.toArray(String[]::new));
      assertThat(result.code()).as("%s: %s", args, result.err()).isEqualTo(Pitlake.EXIT_USAGE);
      assertThat(result.err().lines().toList()).as("%s", args).hasSize(1);
      assertThat(result.err()).as("%s", args).contains(entry.getValue());
    }
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(dir.resolve("b.parquet")).doesNotExist();
  }

  /**
   * Per symbol and session, what the lake says as of {@code t}: the documented read's adjusted
   * prices, volume ÷ the total factor, vwap × it (vwap of the bar version the read chose), and the
   * feature row in effect at {@code t}.
   */
  private Map<String, Map<LocalDate, Map<String, Double>>> expectedAsOf(Instant t)
      throws Exception {
    String literal = DocumentedReads.adjustedAsOf(t);
    String sql =
        "SELECT r.*, v.vwap FROM ("
            + literal
            + ") AS r JOIN silver.bars_daily AS v ON v.symbol = r.symbol AND v.session_date ="
            + " r.session_date AND v.version = r.bar_version";
    Map<String, Map<LocalDate, Map<String, Double>>> rows = new TreeMap<>();
    for (Map<String, Object> r : Runs.query(lake, sql)) {
      double factor = (Double) r.get("total_factor");
      Map<String, Double> values = new HashMap<>();
      values.put("open", (Double) r.get("total_adj_open"));
      values.put("high", (Double) r.get("total_adj_high"));
      values.put("low", (Double) r.get("total_adj_low"));
      values.put("close", (Double) r.get("total_adj_close"));
      values.put("volume", (Double) r.get("volume") / factor);
      values.put("vwap", r.get("vwap") == null ? null : (Double) r.get("vwap") * factor);
      values.put("factor", factor);
      rows.computeIfAbsent((String) r.get("symbol"), s -> new TreeMap<>())
          .put((LocalDate) r.get("session_date"), values);
    }
    String features =
        String.format(
            "SELECT symbol, session_date, available_at, ret_1d, vol_21d, returns_in_window FROM"
                + " gold.bar_features_daily WHERE available_at <= TIMESTAMP '%s'",
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .withZone(ZoneOffset.UTC)
                .format(t));
    Map<String, Instant> newest = new HashMap<>();
    for (Map<String, Object> f : Runs.query(lake, features)) {
      Map<String, Double> values =
          rows.getOrDefault((String) f.get("symbol"), Map.of()).get(f.get("session_date"));
      String key = f.get("symbol") + " " + f.get("session_date");
      Instant at = (Instant) f.get("available_at");
      if (values == null || (newest.containsKey(key) && newest.get(key).isAfter(at))) {
        continue;
      }
      newest.put(key, at);
      values.put("ret_1d", (Double) f.get("ret_1d"));
      values.put("vol_21d", (Double) f.get("vol_21d"));
      Integer window = (Integer) f.get("returns_in_window");
      values.put("returns_in_window", window == null ? null : window.doubleValue());
    }
    return rows;
  }

  /** A Qlib {@code .day.bin} file: little-endian float32s. */
  private static float[] readBin(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(values);
    return values;
  }

  /** The Parquet panel per symbol and session, every column by name; NaN read as null. */
  private static Map<String, Map<LocalDate, Map<String, Double>>> readParquet(Path file)
      throws IOException {
    Schema schema;
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      schema = ParquetSchemaUtil.convert(reader.getFooter().getFileMetaData().getSchema());
    }
    Map<String, Map<LocalDate, Map<String, Double>>> rows = new TreeMap<>();
    try (CloseableIterable<Record> records =
        Parquet.read(org.apache.iceberg.Files.localInput(file.toFile()))
            .project(schema)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
            .build()) {
      for (Record record : records) {
        Map<String, Double> values = new HashMap<>();
        for (int i = 2; i < schema.columns().size(); i++) {
          Double value = (Double) record.get(i);
          values.put(schema.columns().get(i).name(), value.isNaN() ? null : value);
        }
        LocalDate day = ((LocalDateTime) record.getField("date")).toLocalDate();
        assertThat(((LocalDateTime) record.getField("date")).toLocalTime())
            .isEqualTo(LocalTime.MIDNIGHT);
        rows.computeIfAbsent((String) record.getField("symbol"), s -> new TreeMap<>())
            .put(day, values);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return rows;
  }

  /** Runs pitlake on the test's lake and requires success; the built-in simulators serve. */
  private void pitlake(String... args) throws IOException {
    PitlakeCliTest.runOnLake(dir, lakeDir, args);
  }
}
