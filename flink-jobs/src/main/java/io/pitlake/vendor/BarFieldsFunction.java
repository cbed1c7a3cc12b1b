package io.pitlake.vendor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * SQL {@code LATERAL TABLE(bar_fields(payload))}: the price fields of a vendor bar's JSON ({@code o
 * h l c v vw n}, the names Polygon and Alpaca share) in one pass, as one row.
 *
 * <p>Seven {@code JSON_VALUE} calls parse the payload seven times, and minute bars come by the
 * million. A field that is missing or not a number is NULL, so silver's rules can quarantine the
 * bar by name; a payload that is not a JSON object gives a row of NULLs for the same reason. SQL
 * calls it bar_fields ({@code SqlFunctions} registers it).
 */
@FunctionHint(
    output =
        @DataTypeHint("ROW<o DOUBLE, h DOUBLE, l DOUBLE, c DOUBLE, v DOUBLE, vw DOUBLE, n BIGINT>"))
public class BarFieldsFunction extends TableFunction<Row> {

  private static final long serialVersionUID = 1L;

  private static final JsonFactory JSON = new JsonFactory();

  public void eval(@Nullable String payload) {
    Double[] prices = new Double[6];
    Long trades = null;
    if (payload != null) {
      try (JsonParser parser = JSON.createParser(payload)) {
        if (parser.nextToken() == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            int slot = slot(field);
            if (slot >= 0 && value.isNumeric()) {
              prices[slot] = parser.getDoubleValue();
            } else if ("n".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
              trades = parser.getLongValue();
            } else {
              parser.skipChildren();
            }
          }
        }
      } catch (IOException notJson) {
        prices = new Double[6];
        trades = null;
      }
    }
    collect(Row.of(prices[0], prices[1], prices[2], prices[3], prices[4], prices[5], trades));
  }

  private static int slot(String field) {
    return switch (field) {
      case "o" -> 0;
      case "h" -> 1;
      case "l" -> 2;
      case "c" -> 3;
      case "v" -> 4;
      case "vw" -> 5;
      default -> -1;
    };
  }
}
