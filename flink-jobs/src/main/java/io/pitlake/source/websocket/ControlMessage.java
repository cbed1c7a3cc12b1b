package io.pitlake.source.websocket;

import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.Duration;

/**
 * How the source reacts to one element of a frame ({@link WebSocketProtocol#classify}).
 *
 * @param kind what the element is
 * @param detail the vendor's text, for logs and failures (never a credential)
 * @param hold for {@link Kind#RECONNECT}: the least time to wait before connecting again (a vendor
 *     that keeps a dead session for a while), {@link Duration#ZERO} for plain backoff
 */
public record ControlMessage(Kind kind, String detail, Duration hold) {

  /** The classes of elements the source tells apart. */
  public enum Kind {
    /** Market data: emitted downstream. */
    DATA,
    /** The server greeted a new connection: the source authenticates. */
    CONNECTED,
    /** The key was accepted: the source subscribes. */
    AUTHENTICATED,
    /** A channel was subscribed. */
    SUBSCRIBED,
    /** A subscription was refused (unknown channel, plan limit): reported, not retried. */
    SUBSCRIPTION_REJECTED,
    /** The key was refused: the job fails, naming where the key comes from. */
    FATAL,
    /**
     * The server drops or will drop the connection (too many connections, slow consumer, forced
     * disconnect): the source reconnects with backoff and jitter.
     */
    RECONNECT,
    /**
     * The vendor refuses the session because one already exists on this key (Alpaca's 406): it
     * keeps a dropped session for a while, so the source waits at least {@code
     * websocket.connection-limit-hold} before it reconnects.
     */
    CONNECTION_LIMIT,
    /** Anything else the vendor says: logged. */
    INFO
  }

  public ControlMessage {
    checkNotNull(kind, "kind must not be null");
    checkNotNull(detail, "detail must not be null");
    checkNotNull(hold, "hold must not be null");
  }

  public static ControlMessage data() {
    return DATA;
  }

  public static ControlMessage of(Kind kind, String detail) {
    return new ControlMessage(kind, detail, Duration.ZERO);
  }

  public static ControlMessage reconnect(String detail, Duration hold) {
    return new ControlMessage(Kind.RECONNECT, detail, hold);
  }

  private static final ControlMessage DATA = new ControlMessage(Kind.DATA, "", Duration.ZERO);
}
