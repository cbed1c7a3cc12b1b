package io.pitlake.options;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * SQL {@code LATERAL TABLE(occ_ticker_parts(ticker))}: the four parts of an OCC option ticker
 * ({@code O:<root><YYMMDD><C|P><strike x 1000, 8 digits>}) from one match, as one row of strings.
 *
 * <p>{@code silver/option_contracts.sql} took each part by its own {@code REGEXP_EXTRACT} of the
 * same pattern, so every listing ran the match once per part. The parts are what those calls gave
 * (the same pattern, found the same way), so the SQL's date and number conversions and its checks
 * are unchanged; a ticker that is NULL or does not match gives a row of NULLs, never no row, so
 * silver's rules quarantine the listing by name.
 */
@FunctionHint(
    output =
        @DataTypeHint(
            "ROW<root STRING, expiry_yymmdd STRING, call_put STRING, strike_digits STRING>"))
public class OccTickerPartsFunction extends TableFunction<Row> {

  private static final long serialVersionUID = 1L;

  /** The pattern the SQL's {@code REGEXP_EXTRACT} calls used, one group per part. */
  static final Pattern OCC = Pattern.compile("^O:([A-Z][A-Z0-9.]{0,5})([0-9]{6})([CP])([0-9]{8})$");

  public void eval(@Nullable String ticker) {
    Matcher m = ticker == null ? null : OCC.matcher(ticker);
    if (m != null && m.find()) {
      collect(Row.of(m.group(1), m.group(2), m.group(3), m.group(4)));
    } else {
      collect(Row.of(null, null, null, null));
    }
  }
}
