package io.pitlake.vendor.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.job.ingest.RawNormalizer;
import io.pitlake.job.ingest.WsElementReader;
import io.pitlake.job.ingest.WsTrade;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Alpaca's websocket elements: keyed by the channel of {@code T}, the symbol {@code S} and the time
 * {@code t} (RFC 3339, up to nine fractional digits). A minute bar ({@code b}) and its update
 * ({@code u}, the same {@code t} ~30 s later) share the channel {@code bars}: the update is the
 * bar's next version if its values differ and nothing if they do not. A bar's window ends a minute
 * after {@code t}. Trades ({@code t}), corrections ({@code c}) and cancels ({@code x}) are
 * immutable events: their hash is their identity's ({@link WsTrade#identity}).
 */
public final class AlpacaWsElements implements WsElementReader {

  private static final long serialVersionUID = 1L;

  public static final String VENDOR = "alpaca";

  /** Trades ({@code t}), their corrections ({@code c}) and cancels ({@code x}). */
  private static final Set<String> TRADE_CHANNELS = Set.of("t", "c", "x");

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
    if (TRADE_CHANNELS.contains(channel) && trade(element) == null) {
      return Read.rejected(
          "trade, correction or cancel without its id (i, or oi and ci) or exchange x");
    }
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
    WsTrade trade = trade(element);
    if (trade != null) {
      return RawNormalizer.sha256(trade.identity(element.get("S").asText()));
    }
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

  @Override
  public Set<String> tradeChannels() {
    return TRADE_CHANNELS;
  }

  /**
   * A trade ({@code t}: {@code i x p s c z t}), a correction ({@code c}: the corrected trade {@code
   * ci cp cs cc} of the original {@code oi}) or a cancel ({@code x}: {@code i}, with the cancelled
   * trade's {@code p s}).
   */
  @Override
  @Nullable
  public WsTrade trade(JsonNode element) {
    String type = element.path("T").asText("");
    if (!TRADE_CHANNELS.contains(type)) {
      return null;
    }
    String exchange = WsTrade.text(element.get("x"));
    Instant time = AlpacaWebSocketProtocol.time(element);
    String tape = WsTrade.text(element.get("z"));
    if (exchange == null || time == null) {
      return null;
    }
    if ("c".equals(type)) {
      String corrected = WsTrade.text(element.get("ci"));
      String original = WsTrade.text(element.get("oi"));
      return corrected == null || original == null
          ? null
          : new WsTrade(
              WsTrade.CORRECTION,
              corrected,
              original,
              exchange,
              WsTrade.number(element.get("cp")),
              WsTrade.number(element.get("cs")),
              WsTrade.codes(element.get("cc")),
              tape,
              time);
    }
    String id = WsTrade.text(element.get("i"));
    if (id == null) {
      return null;
    }
    boolean cancel = "x".equals(type);
    return new WsTrade(
        cancel ? WsTrade.CANCEL : WsTrade.TRADE,
        id,
        cancel ? id : null,
        exchange,
        WsTrade.number(element.get("p")),
        WsTrade.number(element.get("s")),
        WsTrade.codes(element.get("c")),
        tape,
        time);
  }

  /**
   * The {@code t} element of a REST trade ({@code /v2/stocks/{symbol}/trades}): the same fields.
   */
  @Override
  public JsonNode fromRestTrade(JsonNode restTrade, String symbol) {
    ObjectNode trade = JsonNodeFactory.instance.objectNode();
    trade.put("T", "t");
    trade.put("S", symbol);
    restTrade
        .fields()
        .forEachRemaining(
            field -> {
              if (!field.getKey().equals("S") && !field.getKey().equals("T")) {
                trade.set(field.getKey(), field.getValue());
              }
            });
    return trade;
  }
}
