package io.pitlake.source.websocket.reader;

import io.pitlake.source.rest.Credentials;
import io.pitlake.source.websocket.ReceivedElement;
import io.pitlake.source.websocket.WebSocketProtocol;
import io.pitlake.source.websocket.WebSocketSourceOptions;
import io.pitlake.source.websocket.split.WebSocketSplit;
import io.pitlake.source.websocket.split.WebSocketSplitState;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import okhttp3.OkHttpClient;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/**
 * The reader of the websocket source: OkHttp's threads receive frames into a bounded queue, one
 * fetcher thread parses them through a {@link WebSocketSplitReader}, and the task thread emits them
 * through the {@link WebSocketRecordEmitter}.
 *
 * <p>The HTTP client (with its ping interval), the reconnect timer and the resolved key live here,
 * shared by the split reader. Callbacks of this class run on the task thread.
 */
public class WebSocketSourceReader
    extends SingleThreadMultiplexSourceReaderBase<
        WebSocketElement, ReceivedElement, WebSocketSplit, WebSocketSplitState> {

  private final OkHttpClient http;
  private final ScheduledExecutorService timer;

  private WebSocketSourceReader(
      OkHttpClient http,
      ScheduledExecutorService timer,
      Supplier<WebSocketSplitReader> splitReader,
      Configuration config,
      SourceReaderContext context) {
    super(splitReader::get, new WebSocketRecordEmitter(), config, context);
    this.http = http;
    this.timer = timer;
  }

  /** Creates a reader with its own HTTP client and timer; task thread. */
  public static WebSocketSourceReader create(
      WebSocketProtocol protocol,
      Credentials credentials,
      Clock clock,
      Configuration config,
      SourceReaderContext context) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .pingInterval(config.get(WebSocketSourceOptions.PING_INTERVAL))
            .connectTimeout(config.get(WebSocketSourceOptions.CONNECT_TIMEOUT))
            .build();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, protocol.name() + "-websocket-reconnect");
              thread.setDaemon(true);
              return thread;
            });
    WebSocketReaderMetrics metrics = new WebSocketReaderMetrics(context.metricGroup());
    Supplier<String> key = new ResolvedKey(credentials);
    return new WebSocketSourceReader(
        http,
        timer,
        () ->
            new WebSocketSplitReader(
                http, protocol, key, credentials.describe(), timer, clock, config, metrics),
        config,
        context);
  }

  /** Asks for the splits unless restored ones are already assigned. */
  @Override
  public void start() {
    if (getNumberOfCurrentlyAssignedSplits() == 0) {
      context.sendSplitRequest();
    }
  }

  /** Websocket splits never finish. */
  @Override
  protected void onSplitFinished(Map<String, WebSocketSplitState> finishedSplitIds) {}

  @Override
  protected WebSocketSplitState initializedState(WebSocketSplit split) {
    return new WebSocketSplitState(split);
  }

  @Override
  protected WebSocketSplit toSplitType(String splitId, WebSocketSplitState state) {
    return state.toSplit();
  }

  /** Stops the fetcher (which closes the sockets) first, then the timer and the HTTP client. */
  @Override
  public void close() throws Exception {
    try {
      super.close();
    } finally {
      timer.shutdownNow();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** The key, read once on first use on the TaskManager; it never leaves the auth message. */
  private static final class ResolvedKey implements Supplier<String> {
    private final Credentials credentials;
    @Nullable private String key;

    ResolvedKey(Credentials credentials) {
      this.credentials = credentials;
    }

    @Override
    public synchronized String get() {
      if (key == null) {
        key = credentials.resolve().orElse("");
      }
      return key;
    }
  }
}
