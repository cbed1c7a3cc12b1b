package io.pitlake.vendor;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pitlake's one spelling of a US ticker, so that rows from different vendors about the same share
 * class join on {@code symbol}.
 *
 * <p>The convention: a share class is written with a dot, {@code BRK.B}, as Polygon, Alpaca and the
 * exchanges' CQS feed do. FMP and SEC EDGAR write {@code BRK-B}, and some feeds {@code BRK/B}; all
 * three are read as {@code BRK.B}. Only a separator between a root of letters and a class of one or
 * two letters is rewritten, so tickers without a class ({@code AAPL}) and Polygon's
 * preferred-series notation ({@code KIMpL}, whose lower-case {@code p} means "preferred") pass
 * through unchanged. Case is kept: vendors send upper case, and the lower case in a Polygon
 * preferred carries meaning.
 *
 * <p>Going back, {@link #toVendor} writes the vendor's own separator, so {@code BRK.B} is asked for
 * as {@code BRK-B} at FMP. pitlake covers US listings only: an FMP exchange suffix such as {@code
 * VOD.L} would be misread as a class and is not supported.
 */
public final class Symbols {

  private static final Pattern CLASS_SHARE = Pattern.compile("^([A-Za-z]+)[.\\-/]([A-Za-z]{1,2})$");
  private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9.\\-/:]+$");

  private Symbols() {}

  /** pitlake's spelling of {@code vendorTicker}, with the original kept. */
  public static VendorSymbol fromVendor(Vendor vendor, String vendorTicker) {
    return new VendorSymbol(vendor, vendorTicker, toPitlake(vendorTicker));
  }

  /**
   * pitlake's spelling of a ticker in any vendor's notation: {@code BRK-B}, {@code BRK/B} and
   * {@code BRK.B} all become {@code BRK.B}.
   *
   * @throws IllegalArgumentException if the ticker is blank or holds characters no US ticker has
   */
  public static String toPitlake(String vendorTicker) {
    String ticker = check(vendorTicker);
    Matcher share = CLASS_SHARE.matcher(ticker);
    return share.matches() ? share.group(1) + '.' + share.group(2) : ticker;
  }

  /**
   * {@code symbol} (pitlake's spelling) as {@code vendor} writes it: {@code BRK.B} → {@code BRK-B}.
   */
  public static String toVendor(Vendor vendor, String symbol) {
    checkNotNull(vendor, "vendor must not be null");
    String ticker = check(symbol);
    Matcher share = CLASS_SHARE.matcher(ticker);
    return share.matches() ? share.group(1) + vendor.classSeparator() + share.group(2) : ticker;
  }

  private static String check(String ticker) {
    checkArgument(ticker != null && !ticker.isBlank(), "ticker must not be blank");
    String stripped = ticker.strip();
    checkArgument(
        VALID.matcher(stripped).matches(),
        "ticker '%s' holds characters no US ticker has: use letters, digits and one of . - /",
        stripped);
    return stripped;
  }
}
