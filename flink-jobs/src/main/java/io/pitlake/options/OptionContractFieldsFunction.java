package io.pitlake.options;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * SQL {@code LATERAL TABLE(option_contract_fields(payload))}: the fields of a Polygon options
 * contract listing ({@code /v3/reference/options/contracts}) in one pass over its JSON, as one row
 * of strings.
 *
 * <p>{@code silver/option_contracts.sql} read ten fields by {@code JSON_VALUE}/{@code JSON_QUERY},
 * each call parsing the payload again, and a year of chains is millions of listings. The values are
 * what those calls gave, so the SQL's casts and checks are unchanged: a scalar field as its text
 * ({@code JSON_VALUE}), {@code additional_underlyings} as its compact JSON when it is an array or
 * object ({@code JSON_QUERY}); a field that is missing, JSON null or of the other kind is NULL, and
 * a payload that is not a JSON object gives a row of NULLs, so silver's rules quarantine it by
 * name.
 */
@FunctionHint(
    output =
        @DataTypeHint(
            "ROW<ticker STRING, underlying_ticker STRING, expiration_date STRING, contract_type"
                + " STRING, strike_price STRING, shares_per_contract STRING,"
                + " additional_underlyings STRING, exercise_style STRING, primary_exchange STRING>"))
public class OptionContractFieldsFunction extends TableFunction<Row> {

  private static final long serialVersionUID = 1L;

  /** The listing's fields in the output's order; the last but two is read as JSON, not text. */
  static final List<String> FIELDS =
      List.of(
          "ticker",
          "underlying_ticker",
          "expiration_date",
          "contract_type",
          "strike_price",
          "shares_per_contract",
          "additional_underlyings",
          "exercise_style",
          "primary_exchange");

  private static final int DELIVERABLE = FIELDS.indexOf("additional_underlyings");

  private static final ObjectMapper JSON = new ObjectMapper();

  public void eval(@Nullable String payload) {
    Object[] values = new Object[FIELDS.size()];
    if (payload != null) {
      try (JsonParser parser = JSON.createParser(payload)) {
        if (parser.nextToken() == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            int slot = FIELDS.indexOf(parser.currentName());
            JsonToken value = parser.nextToken();
            if (slot == DELIVERABLE && value.isStructStart()) {
              JsonNode tree = parser.readValueAsTree();
              values[slot] = JSON.writeValueAsString(tree);
            } else if (slot >= 0 && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
              values[slot] = slot == DELIVERABLE ? null : parser.getText();
            } else {
              if (slot >= 0) {
                values[slot] = null;
              }
              parser.skipChildren();
            }
          }
        }
      } catch (IOException notJson) {
        values = new Object[FIELDS.size()];
      }
    }
    collect(Row.of(values));
  }
}
