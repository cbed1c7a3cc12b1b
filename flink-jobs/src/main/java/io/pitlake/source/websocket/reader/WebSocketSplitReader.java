package io.pitlake.source.websocket.reader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pitlake.source.websocket.ControlMessage;
import io.pitlake.source.websocket.Outage;
import io.pitlake.source.websocket.ReceivedElement;
import io.pitlake.source.websocket.WebSocketProtocol;
import io.pitlake.source.websocket.WebSocketSourceOptions;
import io.pitlake.source.websocket.split.WebSocketSplit;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the frames its connections queued, on the fetcher thread: parses each frame, hands every
 * control element to its connection and turns every data element into a {@link WebSocketElement}.
 *
 * <p>A frame that is not a JSON array of objects becomes one failure record with its raw text (an
 * object alone is read as an array of one). Splits never finish. A refused key fails the fetch, and
 * with it the job, with the connection's message naming where the key comes from.
 */
public class WebSocketSplitReader implements SplitReader<WebSocketElement, WebSocketSplit> {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketSplitReader.class);

  /** The longest a fetch waits for a frame, so a fatal state is seen even when nothing arrives. */
  private static final Duration POLL = Duration.ofMillis(500);

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private final OkHttpClient http;
  private final WebSocketProtocol protocol;
  private final Supplier<String> key;
  private final String keyLocation;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final Configuration config;
  private final WebSocketReaderMetrics metrics;
  private final BlockingQueue<Inbound> queue;
  private final int maxBatch;
  private final Map<String, WebSocketConnection> connections = new LinkedHashMap<>();
  private final Map<String, String> endpoints = new LinkedHashMap<>();

  WebSocketSplitReader(
      OkHttpClient http,
      WebSocketProtocol protocol,
      Supplier<String> key,
      String keyLocation,
      ScheduledExecutorService timer,
      Clock clock,
      Configuration config,
      WebSocketReaderMetrics metrics) {
    this.http = http;
    this.protocol = protocol;
    this.key = key;
    this.keyLocation = keyLocation;
    this.timer = timer;
    this.clock = clock;
    this.config = config;
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(config.get(WebSocketSourceOptions.QUEUE_CAPACITY));
    this.maxBatch = config.get(WebSocketSourceOptions.MAX_BATCH);
  }

  @Override
  public RecordsWithSplitIds<WebSocketElement> fetch() throws IOException {
    RecordsBySplits.Builder<WebSocketElement> batch = new RecordsBySplits.Builder<>();
    List<Inbound> frames = new ArrayList<>();
    try {
      Inbound first = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
      if (first != null) {
        frames.add(first);
        queue.drainTo(frames, maxBatch - 1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int elements = 0;
    for (Inbound frame : frames) {
      if (!frame.isSignal()) {
        elements += read(frame, batch);
      }
    }
    metrics.elementsRead(elements);
    for (WebSocketConnection connection : connections.values()) {
      String fatal = connection.fatal();
      if (fatal != null) {
        throw new IOException(fatal);
      }
    }
    return batch.build();
  }

  /** Dispatches every element of one frame; returns the data elements it added. */
  int read(Inbound frame, RecordsBySplits.Builder<WebSocketElement> batch) {
    String endpoint = endpoints.getOrDefault(frame.splitId(), "");
    JsonNode root;
    try {
      root = JSON.readTree(frame.text());
    } catch (JsonProcessingException e) {
      return unreadable(
          frame, endpoint, "frame is not valid JSON: " + e.getOriginalMessage(), batch);
    }
    if (root == null || !(root.isArray() || root.isObject())) {
      return unreadable(frame, endpoint, "frame is not a JSON array", batch);
    }
    Iterable<JsonNode> elements = root.isArray() ? root : List.of(root);
    int added = 0;
    WebSocketConnection connection = connections.get(frame.splitId());
    for (JsonNode element : elements) {
      if (!element.isObject()) {
        added +=
            unreadable(frame, endpoint, "element is not a JSON object", element.toString(), batch);
        continue;
      }
      ControlMessage message = protocol.classify(element);
      if (message.kind() != ControlMessage.Kind.DATA) {
        Outage ended = connection == null ? null : connection.control(frame.generation(), message);
        if (ended != null) {
          // In order: after the old socket's elements, before the new one's.
          batch.add(
              frame.splitId(),
              new WebSocketElement(ReceivedElement.ofOutage(endpoint, ended), null, 0));
        }
        continue;
      }
      WebSocketProtocol.HighWaterMark mark = protocol.highWaterMark(element);
      batch.add(
          frame.splitId(),
          new WebSocketElement(
              new ReceivedElement(
                  frame.splitId(), endpoint, element.toString(), frame.receivedAt(), null),
              mark == null ? null : mark.key(),
              mark == null ? 0 : mark.eventTimeMillis()));
      added++;
    }
    return added;
  }

  private int unreadable(
      Inbound frame,
      String endpoint,
      String reason,
      RecordsBySplits.Builder<WebSocketElement> batch) {
    return unreadable(frame, endpoint, reason, frame.text(), batch);
  }

  private int unreadable(
      Inbound frame,
      String endpoint,
      String reason,
      String payload,
      RecordsBySplits.Builder<WebSocketElement> batch) {
    metrics.unreadableFrame();
    LOG.warn("{} websocket {}: {}", protocol.name(), frame.splitId(), reason);
    batch.add(
        frame.splitId(),
        new WebSocketElement(
            new ReceivedElement(frame.splitId(), endpoint, payload, frame.receivedAt(), reason),
            null,
            0));
    return 1;
  }

  /** Opens a connection per new split; fetcher thread. */
  @Override
  public void handleSplitsChanges(SplitsChange<WebSocketSplit> splitsChange) {
    if (!(splitsChange instanceof SplitsAddition)) {
      throw new UnsupportedOperationException(
          "The websocket source does not support " + splitsChange.getClass().getSimpleName());
    }
    for (WebSocketSplit split : splitsChange.splits()) {
      LOG.info(
          "{} websocket {}: {} channels, high-water marks {}",
          protocol.name(),
          split.splitId(),
          split.channels().size(),
          split.highWaterMarks());
      WebSocketConnection connection =
          new WebSocketConnection(
              http,
              split,
              protocol,
              key,
              keyLocation,
              queue,
              timer,
              clock,
              new Backoff(
                  config.get(WebSocketSourceOptions.BACKOFF_INITIAL),
                  config.get(WebSocketSourceOptions.BACKOFF_MAX),
                  () -> ThreadLocalRandom.current().nextDouble()),
              config.get(WebSocketSourceOptions.HEALTHY_AFTER),
              config.get(WebSocketSourceOptions.CONNECTION_LIMIT_HOLD),
              metrics);
      endpoints.put(split.splitId(), split.url());
      connections.put(split.splitId(), connection);
      connection.open();
    }
  }

  /** Splits are not paused: a websocket cannot wait for a slow watermark. */
  @Override
  public void pauseOrResumeSplits(
      Collection<WebSocketSplit> splitsToPause, Collection<WebSocketSplit> splitsToResume) {}

  /** Ends the wait of a fetch; task thread. */
  @Override
  public void wakeUp() {
    queue.offer(Inbound.SIGNAL);
  }

  @Override
  public void close() {
    connections.values().forEach(WebSocketConnection::close);
  }
}
