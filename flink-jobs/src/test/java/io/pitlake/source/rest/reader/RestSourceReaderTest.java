package io.pitlake.source.rest.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.RestSource;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.polygon.PolygonAggsProtocol;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The reader as Flink drives it: split requests, emission through the fetcher, end of input. */
class RestSourceReaderTest {

  private static final RestSplit AAPL =
      RestSplit.of("AAPL", LocalDate.parse("2020-01-01"), LocalDate.parse("2020-01-10"));

  private final MockWebServer server = new MockWebServer();
  private final TestingReaderContext context = new TestingReaderContext();

  @BeforeEach
  void startServer() throws Exception {
    server.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.shutdown();
  }

  @Test
  @DisplayName("asks for a split at start and after each finished split, then ends its input")
  void pullsSplitsAndEnds() throws Exception {
    server.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody("{\"status\":\"OK\",\"results\":[{\"t\":1},{\"t\":2}]}"));

    try (SourceReader<FetchedRecord, RestSplit> reader = createReader()) {
      reader.start();
      assertThat(context.getNumSplitRequests()).isEqualTo(1);

      reader.addSplits(List.of(AAPL));
      TestingReaderOutput<FetchedRecord> output = new TestingReaderOutput<>();
      pollUntil(reader, output, () -> context.getNumSplitRequests() == 2);

      assertThat(output.getEmittedRecords())
          .extracting(FetchedRecord::payload)
          .containsExactly("{\"t\":1}", "{\"t\":2}");
      assertThat(reader.snapshotState(1)).isEmpty();

      reader.notifyNoMoreSplits();
      assertThat(pollUntil(reader, output, () -> false)).isEqualTo(InputStatus.END_OF_INPUT);
    }
  }

  @Test
  @DisplayName("a restored split is not asked for again and keeps its progress in snapshots")
  void restoredSplitSuppressesFirstRequest() throws Exception {
    RestSplit exhausted =
        new RestSplit(AAPL.splitId(), AAPL.key(), AAPL.from(), AAPL.to(), null, 2);
    try (SourceReader<FetchedRecord, RestSplit> reader = createReader()) {
      reader.addSplits(List.of(exhausted));
      reader.start();
      assertThat(context.getNumSplitRequests()).isZero();

      pollUntil(reader, new TestingReaderOutput<>(), () -> context.getNumSplitRequests() == 1);
      assertThat(server.getRequestCount()).isZero();
    }
  }

  private SourceReader<FetchedRecord, RestSplit> createReader() {
    return RestSource.builder()
        .setBaseUrl(server.url("/").toString())
        .setProtocol(new PolygonAggsProtocol())
        .setCredentials(Credentials.none())
        .setSplits(List.of(AAPL))
        .build()
        .createReader(context);
  }

  /** Polls like the task thread does, waiting for availability, until the condition holds. */
  private static InputStatus pollUntil(
      SourceReader<FetchedRecord, RestSplit> reader,
      TestingReaderOutput<FetchedRecord> output,
      BooleanSupplier done)
      throws Exception {
    for (int polls = 0; polls < 100; polls++) {
      InputStatus status = reader.pollNext(output);
      if (done.getAsBoolean() || status == InputStatus.END_OF_INPUT) {
        return status;
      }
      if (status == InputStatus.NOTHING_AVAILABLE) {
        reader.isAvailable().get(10, TimeUnit.SECONDS);
      }
    }
    throw new AssertionError("reader made no progress in 100 polls");
  }
}
