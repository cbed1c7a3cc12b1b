package io.pitlake.source.websocket.reader;

import io.pitlake.source.websocket.ControlMessage;
import io.pitlake.source.websocket.Outage;
import io.pitlake.source.websocket.WebSocketProtocol;
import io.pitlake.source.websocket.split.WebSocketSplit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One split's websocket: connects, answers the vendor's greeting with the auth message and the auth
 * with the subscription, and reconnects with {@link Backoff} whenever the connection is lost,
 * refused or must be dropped.
 *
 * <p>OkHttp's reader thread only stamps each frame with its receipt instant and offers it to the
 * bounded queue; the fetcher thread parses it and calls {@link #control} for control messages. A
 * full queue means Flink cannot keep up: the connection is dropped and made again (what was missed
 * is a gap the high-water marks delimit) rather than blocking the socket, which would make the
 * vendor drop it as a slow consumer after its buffer filled, or dropping frames silently.
 *
 * <p>From the first loss (or, for a split restored with high-water marks, from its newest mark) to
 * the next subscription the split is blind: that subscription ends an {@link Outage}, which the
 * fetcher emits in order with the data so that the job can fill the gap from REST and record it.
 *
 * <p>Each connection attempt has a generation; what an older socket says or suffers no longer
 * matters once a newer attempt exists. Methods are synchronized: OkHttp's threads, the timer and
 * the fetcher thread all call them.
 */
final class WebSocketConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

  /** The close code sent when the client closes: normal closure. */
  private static final int NORMAL_CLOSURE = 1000;

  private final OkHttpClient http;
  private final WebSocketSplit split;
  private final WebSocketProtocol protocol;
  private final Supplier<String> key;
  private final String keyLocation;
  private final BlockingQueue<Inbound> queue;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final Backoff backoff;
  private final Duration healthyAfter;
  private final Duration connectionLimitHold;
  private final WebSocketReaderMetrics metrics;

  @Nullable private WebSocket socket;
  private int generation;
  private boolean reconnectPending;
  private boolean closed;
  private boolean subscribed;
  private long subscribedAtNanos;
  @Nullable private String fatal;
  @Nullable private Instant blindSince;
  private String blindCause = Outage.DISCONNECT;
  private String blindDetail = "";

  WebSocketConnection(
      OkHttpClient http,
      WebSocketSplit split,
      WebSocketProtocol protocol,
      Supplier<String> key,
      String keyLocation,
      BlockingQueue<Inbound> queue,
      ScheduledExecutorService timer,
      Clock clock,
      Backoff backoff,
      Duration healthyAfter,
      Duration connectionLimitHold,
      WebSocketReaderMetrics metrics) {
    this.http = http;
    this.split = split;
    this.protocol = protocol;
    this.key = key;
    this.keyLocation = keyLocation;
    this.queue = queue;
    this.timer = timer;
    this.clock = clock;
    this.backoff = backoff;
    this.healthyAfter = healthyAfter;
    this.connectionLimitHold = connectionLimitHold;
    this.metrics = metrics;
    split.highWaterMarks().values().stream()
        .max(Long::compare)
        .ifPresent(
            newest -> {
              // A restored split: what arrived after its checkpoint is gone.
              blindSince = Instant.ofEpochMilli(newest);
              blindCause = Outage.RESTORE;
              blindDetail = "restored from a checkpoint";
            });
  }

  /** Makes the first connection attempt. */
  synchronized void open() {
    connect();
  }

  /** Why the source must stop (the key was refused), or {@code null}. */
  @Nullable
  synchronized String fatal() {
    return fatal;
  }

  /** The current connection attempt. */
  synchronized int generation() {
    return generation;
  }

  /**
   * Reacts to a control message that socket {@code fromGeneration} sent; fetcher thread.
   *
   * @return the outage this message ended (a subscription after a blindness), else {@code null}
   */
  @Nullable
  synchronized Outage control(int fromGeneration, ControlMessage message) {
    if (fromGeneration != generation || closed) {
      return null;
    }
    Outage ended = null;
    switch (message.kind()) {
      case CONNECTED -> send(protocol.authMessage(key.get()));
      case AUTHENTICATED -> send(protocol.subscribeMessage(split.channels()));
      case SUBSCRIBED -> {
        if (!subscribed) {
          subscribed = true;
          subscribedAtNanos = System.nanoTime();
          metrics.connectionsSubscribed(1);
          LOG.info(
              "{} websocket {}: subscribed ({})",
              protocol.name(),
              split.splitId(),
              message.detail());
          ended = endBlindness();
        }
      }
      case SUBSCRIPTION_REJECTED -> {
        metrics.subscriptionRejected();
        LOG.warn(
            "{} websocket {}: a subscription was rejected: {}",
            protocol.name(),
            split.splitId(),
            message.detail());
      }
      case FATAL ->
          fail(
              String.format(
                  "%s refused the websocket login of split %s (%s): check %s",
                  protocol.name(), split.splitId(), message.detail(), keyLocation));
      case RECONNECT -> lost(fromGeneration, Outage.DISCONNECT, message.detail(), message.hold());
      case CONNECTION_LIMIT ->
          lost(fromGeneration, Outage.REFUSED, message.detail(), connectionLimitHold);
      case INFO ->
          LOG.info("{} websocket {}: {}", protocol.name(), split.splitId(), message.detail());
      case DATA -> {}
    }
    return ended;
  }

  @Nullable
  private Outage endBlindness() {
    if (blindSince == null) {
      return null;
    }
    Outage outage =
        new Outage(
            split.splitId(),
            blindCause,
            blindDetail,
            blindSince,
            clock.instant(),
            split.channels(),
            new TreeMap<>());
    blindSince = null;
    LOG.info(
        "{} websocket {}: blind from {} to {} ({}: {})",
        protocol.name(),
        split.splitId(),
        outage.start(),
        outage.end(),
        outage.cause(),
        outage.detail());
    return outage;
  }

  /** Closes the socket and stops reconnecting; task thread at shutdown. */
  @Override
  public synchronized void close() {
    closed = true;
    dropSocket("pitlake stops");
  }

  private void connect() {
    generation++;
    reconnectPending = false;
    int attempt = generation;
    Request request = new Request.Builder().url(split.url()).build();
    socket = http.newWebSocket(request, new Listener(attempt));
    LOG.info(
        "{} websocket {}: connecting to {} (attempt {})",
        protocol.name(),
        split.splitId(),
        split.url(),
        attempt);
  }

  private void send(String text) {
    if (socket != null && !socket.send(text)) {
      LOG.warn("{} websocket {}: could not send, socket closing", protocol.name(), split.splitId());
    }
  }

  /**
   * Drops connection attempt {@code lostGeneration} and schedules the next one after the backoff
   * (at least {@code hold}); nothing happens if a newer attempt exists or one is already scheduled.
   * The first loss since the last subscription starts the split's blindness, of {@code kind} (an
   * {@link Outage} cause).
   */
  synchronized void lost(int lostGeneration, String kind, String cause, Duration hold) {
    if (lostGeneration != generation || closed || fatal != null || reconnectPending) {
      return;
    }
    if (blindSince == null) {
      blindSince = clock.instant();
      blindCause = kind;
      blindDetail = cause;
    }
    reconnectPending = true;
    if (subscribed && System.nanoTime() - subscribedAtNanos >= healthyAfter.toNanos()) {
      backoff.reset();
    }
    dropSocket("reconnecting");
    Duration drawn = backoff.next();
    Duration wait = drawn.compareTo(hold) >= 0 ? drawn : hold;
    metrics.reconnecting();
    LOG.warn(
        "{} websocket {}: {}; reconnecting in {} ms (attempt {} since the last healthy connection)",
        protocol.name(),
        split.splitId(),
        cause,
        wait.toMillis(),
        backoff.attempts());
    timer.schedule(this::reconnect, wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  private synchronized void reconnect() {
    if (!closed && fatal == null) {
      connect();
    }
  }

  private void fail(String message) {
    if (fatal == null) {
      fatal = message;
      LOG.error(message);
      dropSocket("fatal");
      queue.offer(Inbound.SIGNAL);
    }
  }

  private void dropSocket(String reason) {
    if (subscribed) {
      subscribed = false;
      metrics.connectionsSubscribed(-1);
    }
    if (socket != null) {
      // close() sends a close frame after what is queued; cancel() drops at once. A socket being
      // replaced may be half dead, so it is cancelled.
      if (closed) {
        socket.close(NORMAL_CLOSURE, reason);
      } else {
        socket.cancel();
      }
      socket = null;
    }
  }

  /** An upgrade the server refused with {@code status}: fatal, or retried after how long. */
  static ControlMessage classifyUpgrade(
      int status, @Nullable String retryAfter, Duration connectionLimitHold) {
    return switch (status) {
      case 401, 403 ->
          ControlMessage.of(
              ControlMessage.Kind.FATAL, "HTTP " + status + " on the websocket upgrade");
      case 404 ->
          ControlMessage.of(
              ControlMessage.Kind.FATAL,
              "HTTP 404 on the websocket upgrade: no websocket at this URL");
      case 406 ->
          ControlMessage.reconnect(
              "HTTP 406 on the upgrade (connection limit)", connectionLimitHold);
      default ->
          ControlMessage.reconnect(
              "HTTP " + status + " on the websocket upgrade", retryAfter(retryAfter));
    };
  }

  private static Duration retryAfter(@Nullable String header) {
    if (header != null && header.strip().matches("\\d{1,6}")) {
      return Duration.ofSeconds(Long.parseLong(header.strip()));
    }
    return Duration.ZERO;
  }

  private synchronized void upgradeRefused(int attempt, Response response) {
    ControlMessage verdict =
        classifyUpgrade(response.code(), response.header("Retry-After"), connectionLimitHold);
    if (verdict.kind() == ControlMessage.Kind.FATAL) {
      if (attempt == generation) {
        fail(
            String.format(
                "%s refused the websocket %s of split %s (%s): check %s and the URL",
                protocol.name(), split.url(), split.splitId(), verdict.detail(), keyLocation));
      }
    } else {
      lost(attempt, Outage.REFUSED, verdict.detail(), verdict.hold());
    }
  }

  /** OkHttp's callbacks for one connection attempt. */
  private final class Listener extends WebSocketListener {

    private final int attempt;

    Listener(int attempt) {
      this.attempt = attempt;
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      // The receipt instant is taken first, before the queue: it is the frame's available_at.
      Instant receivedAt = clock.instant();
      metrics.frameReceived();
      if (!queue.offer(new Inbound(split.splitId(), attempt, text, receivedAt))) {
        metrics.overflowed();
        lost(
            attempt,
            Outage.QUEUE_OVERFLOW,
            String.format(
                "the queue of %d frames is full (the job falls behind)",
                queue.size() + queue.remainingCapacity()),
            Duration.ZERO);
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(NORMAL_CLOSURE, null);
      lost(
          attempt,
          Outage.DISCONNECT,
          String.format("the server closes the connection (%d %s)", code, reason),
          Duration.ZERO);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, @Nullable Response response) {
      if (response != null && response.code() != 101) {
        upgradeRefused(attempt, response);
      } else {
        lost(
            attempt,
            Outage.DISCONNECT,
            String.format(
                "the connection failed (%s: %s)", t.getClass().getSimpleName(), t.getMessage()),
            Duration.ZERO);
      }
    }
  }
}
