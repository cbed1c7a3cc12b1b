package io.pitlake.options.pricing;

import static org.apache.flink.util.Preconditions.checkNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user's point-in-time risk-free curve from a CSV ({@code options.risk-free-curve}).
 *
 * <p>Format: the header {@code date,tenor_days,rate}, then one row per date and tenor: the ISO date
 * the rate became known, the tenor in calendar days (a positive integer) and the rate as a
 * continuously compounded decimal (convert T-bill discount or bond-equivalent yields first). Blank
 * lines are skipped. A pricing date uses the newest curve dated on or before it, so a row is never
 * used before its date: write the date a rate was published, not the date it describes.
 *
 * <p>Every error names the file and line and how to fix it, since the file is hand-made.
 */
final class CsvRateCurve implements RiskFreeCurve {

  private static final long serialVersionUID = 1L;

  static final String HEADER = "date,tenor_days,rate";

  private final String file;
  private final TreeMap<LocalDate, TenorCurve> curves;

  private CsvRateCurve(String file, TreeMap<LocalDate, TenorCurve> curves) {
    this.file = file;
    this.curves = curves;
  }

  /** Reads and checks the whole file. */
  static CsvRateCurve read(Path path) {
    checkNotNull(path, "path must not be null");
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format(
              "cannot read the risk-free curve %s (%s); fix the path in %s",
              path, e.getMessage(), PricingOptions.RISK_FREE_CURVE.key()),
          e);
    }
    return parse(path.toString(), lines);
  }

  static CsvRateCurve parse(String file, List<String> lines) {
    if (lines.isEmpty() || !lines.get(0).strip().equalsIgnoreCase(HEADER)) {
      throw error(
          file,
          1,
          "the first line must be the header %s, got '%s'",
          HEADER,
          lines.isEmpty() ? "" : lines.get(0).strip());
    }
    TreeMap<LocalDate, TreeMap<Integer, Double>> points = new TreeMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      int lineNumber = i + 1;
      String[] fields = line.split(",", -1);
      if (fields.length != 3) {
        throw error(
            file, lineNumber, "expected 3 fields (%s), got %s: '%s'", HEADER, fields.length, line);
      }
      LocalDate date = parseDate(file, lineNumber, fields[0].strip());
      int tenor = parseTenor(file, lineNumber, fields[1].strip());
      double rate = parseRate(file, lineNumber, fields[2].strip());
      if (points.computeIfAbsent(date, d -> new TreeMap<>()).put(tenor, rate) != null) {
        throw error(
            file,
            lineNumber,
            "a second rate for %s at %s days; keep one row per date and tenor",
            date,
            tenor);
      }
    }
    if (points.isEmpty()) {
      throw error(
          file, lines.size(), "no rates after the header; add rows like 2024-01-02,30,0.052");
    }
    TreeMap<LocalDate, TenorCurve> curves = new TreeMap<>();
    for (Map.Entry<LocalDate, TreeMap<Integer, Double>> date : points.entrySet()) {
      double[] tenors =
          date.getValue().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
      double[] rates = date.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
      curves.put(date.getKey(), new TenorCurve(tenors, rates));
    }
    return new CsvRateCurve(file, curves);
  }

  @Override
  public double rate(LocalDate asOf, double tenorDays) {
    checkNotNull(asOf, "asOf must not be null");
    Map.Entry<LocalDate, TenorCurve> known = curves.floorEntry(asOf);
    if (known == null) {
      throw new IllegalArgumentException(
          String.format(
              "the risk-free curve %s starts at %s, so no rate is known at %s; add rows dated on or"
                  + " before %s",
              file, curves.firstKey(), asOf, asOf));
    }
    return known.getValue().rate(tenorDays);
  }

  private static LocalDate parseDate(String file, int line, String field) {
    try {
      return LocalDate.parse(field);
    } catch (DateTimeParseException e) {
      throw error(file, line, "date '%s' is not an ISO date; write it as 2024-01-02", field);
    }
  }

  private static int parseTenor(String file, int line, String field) {
    int tenor;
    try {
      tenor = Integer.parseInt(field);
    } catch (NumberFormatException e) {
      throw error(
          file, line, "tenor_days '%s' is not a whole number of days; write 30 for a month", field);
    }
    if (tenor <= 0) {
      throw error(file, line, "tenor_days %s must be positive; the shortest tenor is 1 day", tenor);
    }
    return tenor;
  }

  private static double parseRate(String file, int line, String field) {
    double rate;
    try {
      rate = Double.parseDouble(field);
    } catch (NumberFormatException e) {
      throw error(file, line, "rate '%s' is not a number; write 5.2%% as 0.052", field);
    }
    if (!Double.isFinite(rate) || Math.abs(rate) >= 1) {
      throw error(
          file,
          line,
          "rate %s is not a decimal per year; write 5.2%% as 0.052 (continuously compounded)",
          field);
    }
    return rate;
  }

  private static IllegalArgumentException error(
      String file, int line, String problem, Object... args) {
    return new IllegalArgumentException(
        String.format("%s:%s: %s", file, line, String.format(problem, args)));
  }
}
