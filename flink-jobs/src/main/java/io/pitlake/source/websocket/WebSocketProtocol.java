package io.pitlake.source.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.List;
import javax.annotation.Nullable;

/**
 * What a vendor's websocket says and expects, so that {@link WebSocketSource} stays vendor-neutral:
 * the source connects, pings, queues, reconnects with backoff and checkpoints; the protocol writes
 * the auth and subscribe messages and tells control messages from data.
 *
 * <p>Every frame is a JSON array (Polygon and Alpaca both); the source hands each element to {@link
 * #classify}. Implementations are serialized into the job graph: keep them stateless.
 */
public interface WebSocketProtocol extends Serializable {

  /** The vendor's name, e.g. {@code polygon}, for messages and metrics. */
  String name();

  /** The message that authenticates with {@code key}; it is sent, never logged. */
  String authMessage(String key);

  /** The message that subscribes to {@code channels}, e.g. {@code AM.AAPL}. */
  String subscribeMessage(List<String> channels);

  /** What one element of a frame is: data to emit, or a control message and how to react. */
  ControlMessage classify(JsonNode element);

  /**
   * The high-water-mark key and event time (Unix ms) of a data element, e.g. {@code AM.AAPL} and
   * the bar's window start, or {@code null} when the element has none.
   */
  @Nullable
  HighWaterMark highWaterMark(JsonNode element);

  /**
   * The newest event time received for one key of a split ({@link
   * WebSocketProtocol#highWaterMark}).
   *
   * @param key e.g. {@code AM.AAPL}: channel and symbol
   * @param eventTimeMillis Unix ms of the element's event time (a bar's window start)
   */
  record HighWaterMark(String key, long eventTimeMillis) {}
}
