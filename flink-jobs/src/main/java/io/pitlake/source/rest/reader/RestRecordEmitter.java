package io.pitlake.source.rest.reader;

import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.split.RestSplitState;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits the {@link FetchedRecord} of an element and, after a page's last element, advances the
 * split state. Runs on the task thread, the thread that also takes checkpoints, so the state never
 * claims a page whose elements were not all emitted.
 */
public class RestRecordEmitter
    implements RecordEmitter<RestElement, FetchedRecord, RestSplitState> {

  @Override
  public void emitRecord(
      RestElement element, SourceOutput<FetchedRecord> output, RestSplitState state) {
    if (element.record() != null) {
      output.collect(element.record());
    }
    RestElement.PageEnd pageEnd = element.pageEnd();
    if (pageEnd != null) {
      state.pageEmitted(pageEnd.nextCursorUrl(), pageEnd.pagesFetched());
    }
  }
}
