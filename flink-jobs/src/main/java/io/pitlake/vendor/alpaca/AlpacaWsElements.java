package io.pitlake.vendor.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.job.ingest.RawNormalizer;
import io.pitlake.job.ingest.WsElementReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Alpaca's websocket elements: keyed by the channel of {@code T}, the symbol {@code S} and the time
 * {@code t} (RFC 3339, up to nine fractional digits). A minute bar ({@code b}) and its update
 * ({@code u}, the same {@code t} ~30 s later) share the channel {@code bars}: the update is the
 * bar's next version if its values differ and nothing if they do not. A bar's window ends a minute
 * after {@code t}.
 */
public final class AlpacaWsElements implements WsElementReader {

  private static final long serialVersionUID = 1L;

  public static final String VENDOR = "alpaca";

  @Override
  public String vendor() {
    return VENDOR;
  }

  @Override
  public String quarantineSource() {
    return "alpaca.ws";
  }

  @Override
  public Read read(JsonNode element) {
    JsonNode type = element.get("T");
    JsonNode symbol = element.get("S");
    if (type == null
        || !type.isTextual()
        || symbol == null
        || !symbol.isTextual()
        || symbol.asText().isBlank()) {
      return Read.rejected("missing field T or S");
    }
    Instant time = AlpacaWebSocketProtocol.time(element);
    if (time == null) {
      return Read.rejected("missing or unreadable field t (RFC 3339 time)");
    }
    String channel = AlpacaWebSocketProtocol.channelOf(type.asText());
    return Read.keyed(
        channel,
        symbol.asText(),
        time,
        AlpacaWebSocketProtocol.BARS.equals(channel) ? time.plus(Duration.ofMinutes(1)) : null);
  }

  /**
   * SHA-256 of the element without {@code T} and with its fields sorted: an update ({@code u}) that
   * repeats its bar ({@code b}) value for value is the same content.
   */
  @Override
  public String contentHash(JsonNode element) {
    List<String> names = new ArrayList<>();
    element.fieldNames().forEachRemaining(names::add);
    names.remove("T");
    Collections.sort(names);
    ObjectNode content = JsonNodeFactory.instance.objectNode();
    names.forEach(name -> content.set(name, element.get(name)));
    return RawNormalizer.sha256(content.toString());
  }

  /**
   * The {@code b} element of a REST minute bar ({@code alpaca.bars_minute}, which already names its
   * symbol {@code S}): the same fields, so the hash of an equal bar is the same.
   */
  @Override
  public JsonNode fromRestBar(JsonNode restBar, String symbol) {
    ObjectNode bar = JsonNodeFactory.instance.objectNode();
    bar.put("T", "b");
    bar.put("S", symbol);
    restBar
        .fields()
        .forEachRemaining(
            field -> {
              if (!field.getKey().equals("S") && !field.getKey().equals("T")) {
                bar.set(field.getKey(), field.getValue());
              }
            });
    return bar;
  }
}
