package io.pitlake.source.websocket;

import io.pitlake.source.rest.Credentials;
import io.pitlake.source.websocket.enumerator.WebSocketEnumState;
import io.pitlake.source.websocket.enumerator.WebSocketEnumStateSerializer;
import io.pitlake.source.websocket.enumerator.WebSocketEnumerator;
import io.pitlake.source.websocket.reader.WebSocketSourceReader;
import io.pitlake.source.websocket.split.WebSocketSplit;
import io.pitlake.source.websocket.split.WebSocketSplitSerializer;
import java.time.Clock;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * An unbounded source that follows a vendor's websocket: one split per connection and channel set,
 * every data element of every frame as one {@link ReceivedElement}, stamped with the instant its
 * frame arrived.
 *
 * <p>Vendor-neutral: a {@link WebSocketProtocol} writes the auth and subscribe messages and
 * classifies control messages; this source connects with OkHttp (pinging every {@code
 * websocket.ping-interval}), queues frames between OkHttp's reader thread and Flink in a bounded
 * queue that reconnects on overflow, reconnects with backoff and jitter when the vendor drops or
 * refuses it, fails the job when the key is refused, and checkpoints per split the newest event
 * time received per key (the high-water marks a gap fill starts from). A websocket cannot rewind:
 * what arrived after the last completed checkpoint is gone after a failover, and the marks say
 * where the gap begins. Build it with {@link #builder()}.
 *
 * <pre>{@code
 * WebSocketSource source = WebSocketSource.builder()
 *     .setProtocol(new PolygonWebSocketProtocol())
 *     .setCredentials(Credentials.fromEnv("POLYGON_API_KEY"))
 *     .setSplits(List.of(WebSocketSplit.of("polygon:AM", "wss://socket.polygon.io/stocks",
 *         List.of("AM.AAPL", "AM.MSFT"))))
 *     .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "polygon-ws").setParallelism(1);
 * }</pre>
 */
public class WebSocketSource
    implements Source<ReceivedElement, WebSocketSplit, WebSocketEnumState>,
        ResultTypeQueryable<ReceivedElement> {

  private static final long serialVersionUID = 1L;

  private final WebSocketProtocol protocol;
  private final Credentials credentials;
  private final List<WebSocketSplit> splits;
  private final Clock clock;
  private final Configuration configuration;

  WebSocketSource(
      WebSocketProtocol protocol,
      Credentials credentials,
      List<WebSocketSplit> splits,
      Clock clock,
      Configuration configuration) {
    this.protocol = protocol;
    this.credentials = credentials;
    this.splits = List.copyOf(splits);
    this.clock = clock;
    this.configuration = configuration;
  }

  public static WebSocketSourceBuilder builder() {
    return new WebSocketSourceBuilder();
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SplitEnumerator<WebSocketSplit, WebSocketEnumState> createEnumerator(
      SplitEnumeratorContext<WebSocketSplit> context) {
    return new WebSocketEnumerator(context, new WebSocketEnumState(splits));
  }

  @Override
  public SplitEnumerator<WebSocketSplit, WebSocketEnumState> restoreEnumerator(
      SplitEnumeratorContext<WebSocketSplit> context, WebSocketEnumState checkpoint) {
    return new WebSocketEnumerator(context, checkpoint);
  }

  @Override
  public SourceReader<ReceivedElement, WebSocketSplit> createReader(SourceReaderContext context) {
    return WebSocketSourceReader.create(protocol, credentials, clock, configuration, context);
  }

  @Override
  public SimpleVersionedSerializer<WebSocketSplit> getSplitSerializer() {
    return new WebSocketSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<WebSocketEnumState> getEnumeratorCheckpointSerializer() {
    return new WebSocketEnumStateSerializer();
  }

  @Override
  public TypeInformation<ReceivedElement> getProducedType() {
    return TypeInformation.of(ReceivedElement.class);
  }
}
