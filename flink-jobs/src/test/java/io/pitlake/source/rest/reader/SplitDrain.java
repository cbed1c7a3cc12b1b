package io.pitlake.source.rest.reader;

import static org.assertj.core.api.Assertions.fail;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.source.rest.metrics.RestSourceReaderMetrics;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.source.rest.split.RestSplitState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;

/**
 * Runs a real {@link RestSplitReader} and {@link RestRecordEmitter} over one split against a
 * loopback vendor, the way a source reader does, for the vendor tests.
 */
final class SplitDrain implements AutoCloseable {

  private final RestConnection connection;
  private final RestSplitReader reader;

  SplitDrain(String baseUrl, PageProtocol protocol, Credentials credentials) {
    this(baseUrl, protocol, protocol.authStyle(), credentials);
  }

  private SplitDrain(
      String baseUrl, PageProtocol protocol, AuthStyle authStyle, Credentials credentials) {
    Configuration config = new Configuration();
    config.set(RestSourceOptions.BACKOFF_INITIAL, Duration.ofMillis(1));
    config.set(RestSourceOptions.BACKOFF_MAX, Duration.ofMillis(10));
    this.connection = new RestConnection(authStyle, credentials, config, 1);
    this.reader =
        new RestSplitReader(
            HttpUrl.get(baseUrl),
            protocol,
            connection,
            new RestSourceReaderMetrics(new TestingReaderContext().metricGroup()),
            config,
            new RecordingSleeper());
  }

  /** Every record of the split, and the split's state after its last page. */
  Result drain(RestSplit split) throws IOException {
    return drain(reader, split, 50);
  }

  /**
   * Fetches until {@code split} finishes, emitting every element through the real emitter; fails
   * after {@code maxFetches} fetches.
   */
  static Result drain(RestSplitReader reader, RestSplit split, int maxFetches) throws IOException {
    reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
    RestSplitState state = new RestSplitState(split);
    TestingReaderOutput<FetchedRecord> output = new TestingReaderOutput<>();
    RestRecordEmitter emitter = new RestRecordEmitter();
    for (int fetches = 0; fetches < maxFetches; fetches++) {
      RecordsWithSplitIds<RestElement> batch = reader.fetch();
      while (batch.nextSplit() != null) {
        for (RestElement e = batch.nextRecordFromSplit();
            e != null;
            e = batch.nextRecordFromSplit()) {
          emitter.emitRecord(e, output, state);
        }
      }
      if (batch.finishedSplits().contains(split.splitId())) {
        return new Result(List.copyOf(output.getEmittedRecords()), state.toSplit());
      }
    }
    return fail("split %s did not finish after %s fetches", split.splitId(), maxFetches);
  }

  @Override
  public void close() {
    connection.close();
  }

  record Result(List<FetchedRecord> records, RestSplit finalState) {

    /** The distinct request URLs, in the order their records were emitted. */
    List<String> requestUrls() {
      return records.stream().map(FetchedRecord::requestUrl).distinct().toList();
    }
  }
}
