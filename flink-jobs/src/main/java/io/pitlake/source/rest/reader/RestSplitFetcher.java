package io.pitlake.source.rest.reader;

import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.metrics.RestSourceReaderMetrics;
import io.pitlake.source.rest.split.RestSplit;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.MetricGroup;

/**
 * Reads whole splits on the calling thread, outside a Flink source: for a job that must fetch a
 * window it learns of only while running (the websocket feed's gap fill). Pages, retries, the rate
 * limit ({@code rest.requests-per-second}), auth, redaction and failure records are the {@link
 * io.pitlake.source.rest.RestSource}'s own: the same split reader does the work.
 */
public final class RestSplitFetcher implements AutoCloseable {

  private final RestConnection connection;
  private final RestSplitReader reader;

  private RestSplitFetcher(RestConnection connection, RestSplitReader reader) {
    this.connection = connection;
    this.reader = reader;
  }

  /**
   * A fetcher with its own HTTP client and rate limit.
   *
   * @param metrics the group that gets the REST source's metrics ({@code rest.*})
   * @param clock stamps each page's receipt ({@link FetchedRecord#fetchedAt()})
   */
  public static RestSplitFetcher create(
      HttpUrl baseUrl,
      PageProtocol protocol,
      Credentials credentials,
      Configuration config,
      MetricGroup metrics,
      Clock clock) {
    RestConnection connection = new RestConnection(protocol.authStyle(), credentials, config, 1);
    return new RestSplitFetcher(
        connection,
        new RestSplitReader(
            baseUrl, protocol, connection, new RestSourceReaderMetrics(metrics), config, clock));
  }

  /**
   * Every record of {@code split}, page after page, failure records included.
   *
   * @throws IOException as the REST source fails: the key was refused or every retry failed
   */
  public List<FetchedRecord> read(RestSplit split) throws IOException {
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
    List<FetchedRecord> records = new ArrayList<>();
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw new IOException("interrupted while fetching split " + split.splitId());
      }
      RecordsWithSplitIds<RestElement> batch = reader.fetch();
      while (batch.nextSplit() != null) {
        RestElement element;
        while ((element = batch.nextRecordFromSplit()) != null) {
          if (element.record() != null) {
            records.add(element.record());
          }
        }
      }
      boolean finished = batch.finishedSplits().contains(split.splitId());
      batch.recycle();
      if (finished) {
        return records;
      }
    }
  }

  @Override
  public void close() {
    reader.close();
    connection.close();
  }
}
