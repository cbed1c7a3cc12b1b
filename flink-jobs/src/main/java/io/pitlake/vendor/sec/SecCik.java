package io.pitlake.vendor.sec;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SEC Central Index Key, the filer id that EDGAR's URLs use zero-padded to 10 digits.
 *
 * <p>EDGAR writes it three ways: an unpadded JSON number ({@code company_tickers.json}, {@code
 * companyfacts}), an unpadded string ({@code submissions}) and {@code CIK##########} in file names.
 * Split keys may use any of them; URLs always get the padded form.
 */
public record SecCik(long value) {

  private static final long MAX = 9_999_999_999L;
  private static final Pattern TEXT = Pattern.compile("(?:CIK)?(\\d{1,10})");

  public SecCik {
    checkArgument(value > 0 && value <= MAX, "CIK %s is not between 1 and %s", value, MAX);
  }

  /**
   * Reads {@code 1318605}, {@code 0001318605} or {@code CIK0001318605}.
   *
   * @throws IllegalArgumentException naming the text and the fix
   */
  public static SecCik parse(String text) {
    Matcher matcher = text == null ? null : TEXT.matcher(text.strip());
    checkArgument(
        matcher != null && matcher.matches() && Long.parseLong(matcher.group(1)) > 0,
        "'%s' is not a CIK: use the SEC's numeric company id, e.g. 1318605 for Tesla (see"
            + " company_tickers.json)",
        text);
    return new SecCik(Long.parseLong(matcher.group(1)));
  }

  /** The 10-digit form, e.g. {@code 0001318605}. */
  public String padded() {
    return String.format("%010d", value);
  }

  /** The stem of EDGAR's file names, e.g. {@code CIK0001318605}. */
  public String fileStem() {
    return "CIK" + padded();
  }
}
