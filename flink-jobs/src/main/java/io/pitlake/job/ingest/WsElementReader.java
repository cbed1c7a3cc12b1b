package io.pitlake.job.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.time.Instant;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * What {@link WsNormalizer} needs to know about one vendor's websocket elements: how to key one
 * (channel, symbol, event time), which of its fields are its content, and how a trade reads. The
 * vendor's package implements it; the normalizer, the versioner and bronze stay vendor-neutral.
 * Implementations are serialized into the job graph: keep them stateless.
 */
public interface WsElementReader extends Serializable {

  /** The vendor id written to bronze's {@code vendor}, e.g. {@code alpaca}. */
  String vendor();

  /**
   * The quarantine's {@code source} of this vendor's unreadable elements, e.g. {@code alpaca.ws}.
   */
  String quarantineSource();

  /** The element's bronze key and times, or why it has none. */
  Read read(JsonNode element);

  /**
   * SHA-256 of what makes the element's content: equal for a re-send that changes nothing of the
   * event (Polygon's running day figures, Alpaca's {@code T} of an update), different for any
   * changed value. A trades-channel element's is the SHA-256 of its {@link WsTrade#identity}: an
   * immutable event is the same event whatever else its payload holds (a REST trade carries fields
   * the websocket's lacks).
   */
  String contentHash(JsonNode element);

  /**
   * The element the websocket would have sent for a settled bar of the vendor's REST minute bars
   * ({@link IntradayVendor#restMinutes()}), so a gap-filled bar is keyed, hashed and typed as the
   * websocket's: one that equals a bar the websocket sent adds nothing.
   *
   * @param restBar one element of the REST dataset, as its protocol emits it
   * @param symbol the symbol the REST request asked for
   */
  JsonNode fromRestBar(JsonNode restBar, String symbol);

  /**
   * The channels of trades, their corrections and cancels as {@link #read} keys them (Polygon's
   * {@code T}; Alpaca's {@code t}, {@code c}, {@code x}): their elements are immutable events,
   * deduplicated by {@link WsTrade#identity}, not versioned.
   */
  Set<String> tradeChannels();

  /** A trades-channel element typed, or {@code null} when it is none or lacks a field it needs. */
  @Nullable
  WsTrade trade(JsonNode element);

  /**
   * The element the websocket would have sent for one trade of the vendor's REST trades ({@link
   * IntradayVendor#restTrades}), so a gap-filled trade is keyed and typed as the websocket's.
   *
   * @param restTrade one element of the REST trades, as its protocol emits it
   * @param symbol the symbol the REST request asked for
   */
  JsonNode fromRestTrade(JsonNode restTrade, String symbol);

  /**
   * An element's key and times, or the reason it cannot be keyed.
   *
   * @param channel the event type bronze keys it by (a re-send shares its original's)
   * @param symbol as the vendor spells it
   * @param eventTime a bar's window start, a trade's time
   * @param windowEnd a bar's window end, else {@code null}
   * @param rejected {@code null} when the element was keyed, otherwise why not
   */
  record Read(
      @Nullable String channel,
      @Nullable String symbol,
      @Nullable Instant eventTime,
      @Nullable Instant windowEnd,
      @Nullable String rejected) {

    public static Read keyed(
        String channel, String symbol, Instant eventTime, @Nullable Instant windowEnd) {
      return new Read(channel, symbol, eventTime, windowEnd, null);
    }

    public static Read rejected(String reason) {
      return new Read(null, null, null, null, reason);
    }
  }
}
