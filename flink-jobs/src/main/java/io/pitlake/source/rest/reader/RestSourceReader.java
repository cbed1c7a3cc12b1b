package io.pitlake.source.rest.reader;

import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.metrics.RestSourceReaderMetrics;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.source.rest.split.RestSplitState;
import java.time.Clock;
import java.util.Map;
import okhttp3.HttpUrl;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/**
 * The reader of the REST source: one fetcher thread reads pages through a {@link RestSplitReader},
 * and the task thread emits them through the {@link RestRecordEmitter}.
 *
 * <p>It pulls one split at a time from the enumerator: it asks for one in {@link #start()} and one
 * more each time a split finished, so work spreads over the readers as they become free. Callbacks
 * of this class run on the task thread.
 */
public class RestSourceReader
    extends SingleThreadMultiplexSourceReaderBase<
        RestElement, FetchedRecord, RestSplit, RestSplitState> {

  private final RestConnection connection;
  private final RestSourceReaderMetrics metrics;

  private RestSourceReader(
      RestConnection connection,
      RestSourceReaderMetrics metrics,
      HttpUrl baseUrl,
      PageProtocol protocol,
      Configuration config,
      Clock clock,
      SourceReaderContext context) {
    super(
        () -> new RestSplitReader(baseUrl, protocol, connection, metrics, config, clock),
        new RestRecordEmitter(),
        config,
        context);
    this.connection = connection;
    this.metrics = metrics;
  }

  /**
   * Creates a reader with its own HTTP client and rate limit; task thread. {@code clock} stamps
   * each page's receipt.
   */
  public static RestSourceReader create(
      HttpUrl baseUrl,
      PageProtocol protocol,
      Credentials credentials,
      Configuration config,
      Clock clock,
      SourceReaderContext context) {
    RestConnection connection =
        new RestConnection(
            protocol.authStyle(), credentials, config, Math.max(1, context.currentParallelism()));
    RestSourceReaderMetrics metrics = new RestSourceReaderMetrics(context.metricGroup());
    return new RestSourceReader(connection, metrics, baseUrl, protocol, config, clock, context);
  }

  /** Asks for a first split unless restored splits are already assigned. */
  @Override
  public void start() {
    if (getNumberOfCurrentlyAssignedSplits() == 0) {
      context.sendSplitRequest();
    }
  }

  @Override
  protected void onSplitFinished(Map<String, RestSplitState> finishedSplitIds) {
    metrics.splitsFinished(finishedSplitIds.size());
    context.sendSplitRequest();
  }

  @Override
  protected RestSplitState initializedState(RestSplit split) {
    return new RestSplitState(split);
  }

  @Override
  protected RestSplit toSplitType(String splitId, RestSplitState state) {
    return state.toSplit();
  }

  /** Stops the fetcher first, then the HTTP client it used. */
  @Override
  public void close() throws Exception {
    try {
      super.close();
    } finally {
      connection.close();
    }
  }
}
