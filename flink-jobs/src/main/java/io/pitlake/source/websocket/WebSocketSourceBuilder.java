package io.pitlake.source.websocket;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.Redaction;
import io.pitlake.source.websocket.split.WebSocketSplit;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Builds a {@link WebSocketSource}; {@link #build()} checks everything it can before the job is
 * submitted, with messages that name the setting and the fix.
 */
public class WebSocketSourceBuilder {

  private WebSocketProtocol protocol;
  private Credentials credentials;
  private List<WebSocketSplit> splits;
  private Clock clock = Clock.systemUTC();
  private final Configuration configuration = new Configuration();

  WebSocketSourceBuilder() {}

  public WebSocketSourceBuilder setProtocol(WebSocketProtocol protocol) {
    this.protocol = protocol;
    return this;
  }

  /** Where the key comes from; it is read on the TaskManager and sent in the auth message only. */
  public WebSocketSourceBuilder setCredentials(Credentials credentials) {
    this.credentials = credentials;
    return this;
  }

  /** One split per connection and channel set; a vendor allows one connection per key. */
  public WebSocketSourceBuilder setSplits(List<WebSocketSplit> splits) {
    this.splits = splits;
    return this;
  }

  /**
   * The clock that stamps each frame's receipt ({@code available_at}); the system clock unless a
   * test replays a session on a clock of its own. It must be serializable.
   */
  public WebSocketSourceBuilder setClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** {@link WebSocketSourceOptions} to use; unset options keep their defaults. */
  public WebSocketSourceBuilder setConfiguration(Configuration configuration) {
    this.configuration.addAll(configuration);
    return this;
  }

  public WebSocketSource build() {
    checkNotNull(
        protocol, "protocol is required: call setProtocol(..) with the vendor's WebSocketProtocol");
    checkNotNull(
        credentials,
        "credentials are required: call setCredentials(Credentials.fromEnv(..)) or"
            + " Credentials.fromFile(..)");
    checkArgument(
        splits != null && !splits.isEmpty(),
        "splits are required: call setSplits(..) with one split per connection");
    checkArgument(
        clock instanceof Serializable,
        "clock %s is not serializable: the source ships it to the TaskManagers",
        clock);
    Set<String> ids = new HashSet<>();
    for (WebSocketSplit split : splits) {
      checkArgument(ids.add(split.splitId()), "split id %s appears twice", split.splitId());
      HttpUrl url = HttpUrl.parse(split.url().replaceFirst("^ws", "http"));
      checkArgument(url != null, "split %s: '%s' is not a ws(s) URL", split.splitId(), split.url());
      checkArgument(
          Redaction.redact(split.url()).equals(split.url()),
          "split %s: the URL must not carry a credential (the key goes in the auth message)",
          split.splitId());
    }
    checkPositive(WebSocketSourceOptions.PING_INTERVAL);
    checkPositive(WebSocketSourceOptions.CONNECT_TIMEOUT);
    checkPositive(WebSocketSourceOptions.BACKOFF_INITIAL);
    checkArgument(
        configuration
                .get(WebSocketSourceOptions.BACKOFF_MAX)
                .compareTo(configuration.get(WebSocketSourceOptions.BACKOFF_INITIAL))
            >= 0,
        "%s is shorter than %s: raise it",
        WebSocketSourceOptions.BACKOFF_MAX.key(),
        WebSocketSourceOptions.BACKOFF_INITIAL.key());
    checkArgument(
        configuration.get(WebSocketSourceOptions.QUEUE_CAPACITY) > 0,
        "%s must be positive",
        WebSocketSourceOptions.QUEUE_CAPACITY.key());
    checkArgument(
        configuration.get(WebSocketSourceOptions.MAX_BATCH) > 0,
        "%s must be positive",
        WebSocketSourceOptions.MAX_BATCH.key());
    return new WebSocketSource(
        protocol, credentials, splits, clock, new Configuration(configuration));
  }

  private void checkPositive(ConfigOption<Duration> option) {
    Duration value = configuration.get(option);
    checkArgument(
        !value.isNegative() && !value.isZero(),
        "%s is %s: set a positive duration",
        option.key(),
        value);
  }
}
