package io.pitlake.vendor;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A ticker as one vendor wrote it, next to pitlake's spelling of it. The original is kept so that
 * requests go back to the vendor in its own spelling and lineage shows what the vendor sent.
 *
 * @param vendor who wrote {@code original}
 * @param original the vendor's ticker, unchanged
 * @param symbol pitlake's spelling; see {@link Symbols}
 */
public record VendorSymbol(Vendor vendor, String original, String symbol) {

  public VendorSymbol {
    checkNotNull(vendor, "vendor must not be null");
    checkArgument(original != null && !original.isBlank(), "the vendor's ticker must not be blank");
    checkArgument(symbol != null && !symbol.isBlank(), "pitlake's symbol must not be blank");
  }
}
