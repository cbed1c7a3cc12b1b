package io.pitlake.testing;

import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.RestSource;
import io.pitlake.source.rest.split.RestSplit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;

/**
 * Runs a {@link RestSource}'s reader the way a Flink task does (split assignment, the fetcher
 * thread, the emitter, snapshots), without a cluster: enough to drive a vendor protocol end to end
 * against a loopback simulator.
 */
public final class RestSourceReads {

  private RestSourceReads() {}

  /** Reads {@code split} to its end and returns every record, failures included. */
  public static List<FetchedRecord> readAll(RestSource source, RestSplit split) throws Exception {
    return readAll(source, List.of(split));
  }

  /** Reads {@code splits} in one reader, each to its end, and returns every record. */
  public static List<FetchedRecord> readAll(RestSource source, List<RestSplit> splits)
      throws Exception {
    TestingReaderOutput<FetchedRecord> output = new TestingReaderOutput<>();
    try (SourceReader<FetchedRecord, RestSplit> reader = start(source, splits)) {
      reader.notifyNoMoreSplits();
      poll(reader, output, () -> false);
    }
    return List.copyOf(output.getEmittedRecords());
  }

  /**
   * Reads {@code split} until {@code records} records were emitted, then returns the split as a
   * checkpoint taken at that moment would hold it, and stops the reader.
   */
  public static RestSplit readUntilCheckpoint(
      RestSource source, RestSplit split, int records, List<FetchedRecord> emitted)
      throws Exception {
    TestingReaderOutput<FetchedRecord> output = new TestingReaderOutput<>();
    try (SourceReader<FetchedRecord, RestSplit> reader = start(source, List.of(split))) {
      poll(reader, output, () -> output.getEmittedRecords().size() >= records);
      emitted.addAll(output.getEmittedRecords());
      List<RestSplit> state = reader.snapshotState(1);
      if (state.size() != 1) {
        throw new AssertionError("expected one split in the checkpoint, got " + state);
      }
      return state.get(0);
    }
  }

  private static SourceReader<FetchedRecord, RestSplit> start(
      RestSource source, List<RestSplit> splits) {
    SourceReader<FetchedRecord, RestSplit> reader = source.createReader(new TestingReaderContext());
    reader.addSplits(splits);
    reader.start();
    return reader;
  }

  private static void poll(
      SourceReader<FetchedRecord, RestSplit> reader,
      TestingReaderOutput<FetchedRecord> output,
      BooleanSupplier done)
      throws Exception {
    for (int polls = 0; polls < 10_000; polls++) {
      if (done.getAsBoolean()) {
        return;
      }
      InputStatus status = reader.pollNext(output);
      if (status == InputStatus.END_OF_INPUT) {
        return;
      }
      if (status == InputStatus.NOTHING_AVAILABLE) {
        reader.isAvailable().get(30, TimeUnit.SECONDS);
      }
    }
    throw new AssertionError("the reader made no progress in 10000 polls");
  }
}
