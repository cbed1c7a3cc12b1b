package io.pitlake.job.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import javax.annotation.Nullable;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * SQL {@code LATERAL TABLE(trade_fields(vendor, payload))}: a websocket trades-channel element
 * typed by its vendor's reader ({@link WsElementReader#trade}), as one row: {@code kind} ({@code
 * trade}, {@code correction}, {@code cancel}), {@code trade_id}, {@code refers_to}, {@code
 * exchange}, {@code price}, {@code size}, {@code conditions}, {@code tape}. An element that is not
 * JSON, not a trade of that vendor, or of an unknown vendor gives a row of NULLs, so that silver
 * quarantines it by name. The vendors' readers hold the field names, so silver's SQL is the same
 * for every vendor ({@code SqlFunctions} registers it as trade_fields).
 */
@FunctionHint(
    output =
        @DataTypeHint(
            "ROW<kind STRING, trade_id STRING, refers_to STRING, exchange STRING, price DOUBLE,"
                + " size DOUBLE, conditions STRING, tape STRING>"))
public class TradeFieldsFunction extends TableFunction<Row> {

  private static final long serialVersionUID = 1L;

  private static final ObjectMapper JSON = new ObjectMapper();

  public void eval(@Nullable String vendor, @Nullable String payload) {
    WsTrade trade = null;
    if (vendor != null && payload != null) {
      try {
        trade = IntradayVendor.of(vendor).elements().trade(JSON.readTree(payload));
      } catch (JsonProcessingException | IllegalArgumentException unreadable) {
        trade = null;
      }
    }
    collect(
        trade == null
            ? Row.of(null, null, null, null, null, null, null, null)
            : Row.of(
                trade.kind(),
                trade.tradeId(),
                trade.refersTo(),
                trade.exchange(),
                trade.price(),
                trade.size(),
                trade.conditions(),
                trade.tape()));
  }
}
