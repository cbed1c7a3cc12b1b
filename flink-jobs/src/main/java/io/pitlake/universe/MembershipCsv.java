package io.pitlake.universe;

import io.pitlake.vendor.Symbols;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a universe file: a header, then one line per membership as known at one instant.
 *
 * <pre>
 * index,symbol,cik,effective_from,effective_to,announced_at
 * SP500,AAPL,,1982-11-30,,
 * SP500,GONE,,2010-01-04,2024-10-01,2024-09-20T17:15:00-04:00
 * </pre>
 *
 * A member is a ticker ({@code symbol}) or a CIK, not both; dates are New York dates, {@code
 * effective_to} the first day out (empty: still in, as far as the line knows); {@code announced_at}
 * an instant with its zone ({@code Z}, an offset, or {@code [America/New_York]}).
 *
 * <p>When the line became known: its {@code announced_at}; without one, 00:00 New York of the
 * change it records. A line with both dates and no announcement records two changes, so it gives
 * two versions: in from 00:00 of {@code effective_from} (no end known), out from 00:00 of {@code
 * effective_to}. Dating the whole line at its start would tell a backtest in 2010 that a member
 * leaves in 2024.
 *
 * <p>A line that breaks a rule is returned with the rule, and the rest is read: one bad line of a
 * long change list costs that line only. Blank lines and lines starting with {@code #} are skipped.
 */
public final class MembershipCsv {

  /** The header every file starts with. */
  public static final String HEADER = "index,symbol,cik,effective_from,effective_to,announced_at";

  /**
   * The universe of {@code gold.cross_section_daily}'s cross-section over every symbol, which no
   * index may be named (in any case).
   */
  public static final String ALL = "all";

  private static final int FIELDS = 6;
  private static final Pattern CIK = Pattern.compile("(?i)(CIK)?\\d{1,10}");

  /** A line not read, with the rule it broke. */
  public record Reject(int lineNumber, String line, String reason) {}

  /** Everything a file says, and the lines it could not say it in. */
  public record Parsed(List<MembershipChange> changes, List<Reject> rejects) {
    public Parsed {
      changes = List.copyOf(changes);
      rejects = List.copyOf(rejects);
    }
  }

  private MembershipCsv() {}

  /**
   * Reads the file's lines.
   *
   * @throws IllegalArgumentException when the first line is not {@link #HEADER}: nothing else in
   *     such a file can be trusted to be in the right column
   */
  public static Parsed parse(List<String> lines) {
    int first = 0;
    while (first < lines.size() && skipped(lines.get(first))) {
      first++;
    }
    String header = first < lines.size() ? lines.get(first).strip() : "";
    if (!header.replace(" ", "").equalsIgnoreCase(HEADER)) {
      throw new IllegalArgumentException(
          String.format(
              "the first line is '%s', not the header %s: add the header and put the columns in"
                  + " its order",
              header, HEADER));
    }
    List<MembershipChange> changes = new ArrayList<>();
    List<Reject> rejects = new ArrayList<>();
    for (int i = first + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (skipped(line)) {
        continue;
      }
      try {
        changes.addAll(changes(line));
      } catch (IllegalArgumentException | DateTimeException e) {
        rejects.add(new Reject(i + 1, line, e.getMessage()));
      }
    }
    return new Parsed(changes, rejects);
  }

  private static boolean skipped(String line) {
    return line.isBlank() || line.stripLeading().startsWith("#");
  }

  private static List<MembershipChange> changes(String line) {
    String[] f = line.split(",", -1);
    if (f.length != FIELDS && f.length != FIELDS - 1) {
      throw new IllegalArgumentException(
          String.format("%d fields, not the %d of %s", f.length, FIELDS, HEADER));
    }
    String index = f[0].strip();
    String ticker = f[1].strip();
    String cikText = f[2].strip();
    if (index.isEmpty()) {
      throw new IllegalArgumentException("no index: name it in the first column, e.g. SP500");
    }
    if (index.equalsIgnoreCase(ALL)) {
      throw new IllegalArgumentException(
          "index 'all' names gold.cross_section_daily's cross-section of every symbol: give the"
              + " index another name");
    }
    if (ticker.isEmpty() == cikText.isEmpty()) {
      throw new IllegalArgumentException(
          "give the member's symbol or its cik, exactly one of them");
    }
    String symbol = null;
    Long cik = null;
    if (!ticker.isEmpty()) {
      symbol = Symbols.toPitlake(ticker.toUpperCase(Locale.ROOT));
    } else if (CIK.matcher(cikText).matches()) {
      cik = Long.parseLong(cikText.replaceFirst("(?i)^CIK", ""));
    } else {
      throw new IllegalArgumentException(
          String.format("cik '%s' is not a CIK: give its digits, e.g. 320193", cikText));
    }
    String member = symbol != null ? symbol : "cik:" + cik;
    LocalDate from = date("effective_from", f[3].strip());
    if (from == null) {
      throw new IllegalArgumentException("no effective_from: the first day in, YYYY-MM-DD");
    }
    LocalDate to = date("effective_to", f[4].strip());
    if (to != null && !to.isAfter(from)) {
      throw new IllegalArgumentException(
          String.format(
              "effective_to %s is not after effective_from %s: effective_to is the first day out",
              to, from));
    }
    Instant announced = f.length == FIELDS ? instant(f[5].strip()) : null;
    if (announced != null) {
      return List.of(
          new MembershipChange(index, member, symbol, cik, from, to, announced, announced));
    }
    MembershipChange in =
        new MembershipChange(
            index, member, symbol, cik, from, null, null, MembershipChange.startOfDay(from));
    return to == null
        ? List.of(in)
        : List.of(
            in,
            new MembershipChange(
                index, member, symbol, cik, from, to, null, MembershipChange.startOfDay(to)));
  }

  private static LocalDate date(String column, String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          String.format("%s '%s' is not a date: write YYYY-MM-DD", column, text));
    }
  }

  /** An instant with its zone, at millisecond precision as every instant in the lake. */
  private static Instant instant(String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      Instant instant;
      int bracket = text.indexOf('[');
      if (bracket > 0 && text.endsWith("]")) {
        ZoneId zone = ZoneId.of(text.substring(bracket + 1, text.length() - 1));
        instant = LocalDateTime.parse(text.substring(0, bracket)).atZone(zone).toInstant();
      } else {
        instant = OffsetDateTime.parse(text).toInstant();
      }
      return instant.truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          String.format(
              "announced_at '%s' is not an instant with its zone: write e.g."
                  + " 2024-09-20T17:15:00-04:00 or 2024-09-20T17:15:00[America/New_York]",
              text));
    }
  }
}
