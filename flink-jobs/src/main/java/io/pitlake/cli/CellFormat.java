package io.pitlake.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Row;
import org.apache.flink.util.StringUtils;

/**
 * Turns query rows into the cells {@link TablePrinter} aligns. Floating-point numbers print in
 * plain notation with one number of decimals per column, so a column reads down its decimal point
 * and {@code 9.91453889218477E10} prints as {@code 99145388921.8477}: {@value #SIGNIFICANT}
 * significant digits of the column's largest value, at least {@value #MIN_DECIMALS} decimals (the
 * precision of the lake's prices) and at most {@value #MAX_DECIMALS}. With full precision every
 * double prints as the shortest decimal that reads back as the same double, still without an
 * exponent. Decimals print as stored, integers and text as they are.
 */
final class CellFormat {

  static final int SIGNIFICANT = 6;
  static final int MIN_DECIMALS = 4;
  static final int MAX_DECIMALS = 10;

  /** Beyond these magnitudes plain notation stops being readable: they keep their exponent. */
  private static final double LARGEST_PLAIN = 1e15;

  private static final double SMALLEST_PLAIN = 1e-10;

  private CellFormat() {}

  static List<List<String>> cells(List<Row> rows, int columns, boolean fullPrecision) {
    int[] decimals = new int[columns];
    for (int column = 0; column < columns; column++) {
      double largest = 0;
      for (Row row : rows) {
        if (row.getField(column) instanceof Number n && isFloating(n) && plain(n.doubleValue())) {
          largest = Math.max(largest, Math.abs(n.doubleValue()));
        }
      }
      decimals[column] = decimals(largest);
    }
    List<List<String>> cells = new ArrayList<>(rows.size());
    for (Row row : rows) {
      List<String> line = new ArrayList<>(columns);
      for (int column = 0; column < columns; column++) {
        line.add(cell(row.getField(column), decimals[column], fullPrecision));
      }
      cells.add(line);
    }
    return cells;
  }

  /** Decimals that show {@link #SIGNIFICANT} digits of {@code largest}, within the bounds. */
  static int decimals(double largest) {
    if (largest == 0) {
      return MIN_DECIMALS;
    }
    int integerDigits = (int) Math.floor(Math.log10(largest)) + 1;
    return Math.max(MIN_DECIMALS, Math.min(MAX_DECIMALS, SIGNIFICANT - integerDigits));
  }

  static String cell(Object value, int decimals, boolean fullPrecision) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Number number && isFloating(number)) {
      double d = number.doubleValue();
      if (!plain(d)) {
        return number.toString();
      }
      BigDecimal exact =
          value instanceof Float f ? new BigDecimal(f.toString()) : BigDecimal.valueOf(d);
      return fullPrecision
          ? exact.stripTrailingZeros().toPlainString()
          : exact.setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }
    return StringUtils.arrayAwareToString(value);
  }

  private static boolean isFloating(Number number) {
    return number instanceof Double || number instanceof Float;
  }

  /** Finite, not zero-but-tiny, not huge: the numbers plain notation reads well. */
  private static boolean plain(double d) {
    double abs = Math.abs(d);
    return Double.isFinite(d) && abs < LARGEST_PLAIN && (abs == 0 || abs >= SMALLEST_PLAIN);
  }
}
