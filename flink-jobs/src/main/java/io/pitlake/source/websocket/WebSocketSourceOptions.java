package io.pitlake.source.websocket;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the {@link WebSocketSource}; pass them with {@link
 * WebSocketSourceBuilder#setConfiguration}.
 */
public final class WebSocketSourceOptions {

  public static final ConfigOption<Duration> PING_INTERVAL =
      ConfigOptions.key("websocket.ping-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(20))
          .withDescription(
              "How often the client pings the server. OkHttp has no read timeout after the"
                  + " upgrade, so an unanswered ping is the only way a half-dead connection is"
                  + " noticed; it then reconnects. Must be positive; the default is 20 s.");

  public static final ConfigOption<Duration> CONNECT_TIMEOUT =
      ConfigOptions.key("websocket.connect-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("How long the TCP/TLS connection and the upgrade may take; 10 s.");

  public static final ConfigOption<Integer> QUEUE_CAPACITY =
      ConfigOptions.key("websocket.queue-capacity")
          .intType()
          .defaultValue(10_000)
          .withDescription(
              "Frames held between OkHttp's reader thread and Flink. When the job falls this far"
                  + " behind the source reconnects (a later gap fill restores the frames) instead"
                  + " of blocking the socket, which would make the vendor drop it as a slow"
                  + " consumer, or dropping frames silently. The default is 10,000.");

  public static final ConfigOption<Duration> BACKOFF_INITIAL =
      ConfigOptions.key("websocket.backoff.initial")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription(
              "The backoff cap of the first reconnect; it doubles per reconnect up to"
                  + " websocket.backoff.max. Each wait is drawn uniformly between half the cap"
                  + " and the cap (jitter), so two clients knocked off together do not return"
                  + " together. The default is 1 s.");

  public static final ConfigOption<Duration> BACKOFF_MAX =
      ConfigOptions.key("websocket.backoff.max")
          .durationType()
          .defaultValue(Duration.ofMinutes(2))
          .withDescription("The largest backoff cap; the default is 2 min.");

  public static final ConfigOption<Duration> HEALTHY_AFTER =
      ConfigOptions.key("websocket.backoff.reset-after")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription(
              "How long a connection must stay subscribed before its backoff starts again from"
                  + " websocket.backoff.initial. A server that accepts and then kicks the client"
                  + " (a second instance on the same key) therefore meets a growing backoff, not"
                  + " a reconnect loop. The default is 1 min.");

  public static final ConfigOption<Duration> CONNECTION_LIMIT_HOLD =
      ConfigOptions.key("websocket.connection-limit-hold")
          .durationType()
          .defaultValue(Duration.ofSeconds(90))
          .withDescription(
              "The least wait after an upgrade refused with HTTP 406 (connection limit): vendors"
                  + " keep a dropped session for about 90 s (alpaca.md). The default is 90 s.");

  public static final ConfigOption<Integer> MAX_BATCH =
      ConfigOptions.key("websocket.max-frames-per-fetch")
          .intType()
          .defaultValue(1_000)
          .withDescription("The most frames one fetch hands to Flink; the default is 1,000.");

  private WebSocketSourceOptions() {}
}
