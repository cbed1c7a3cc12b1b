package io.pitlake.source.websocket.reader;

import io.pitlake.source.websocket.ReceivedElement;
import io.pitlake.source.websocket.split.WebSocketSplitState;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits each element with its receipt instant as the timestamp and advances the split's high-water
 * mark after it; an outage leaves with the split's marks as they stand when it is emitted. Task
 * thread.
 */
public class WebSocketRecordEmitter
    implements RecordEmitter<WebSocketElement, ReceivedElement, WebSocketSplitState> {

  @Override
  public void emitRecord(
      WebSocketElement element,
      SourceOutput<ReceivedElement> output,
      WebSocketSplitState splitState) {
    ReceivedElement record = element.record();
    if (record.isOutage()) {
      // The marks as they stand now: exactly the elements emitted before the outage ended.
      record =
          ReceivedElement.ofOutage(
              record.endpoint(),
              record.outage().withHighWaterMarks(splitState.toSplit().highWaterMarks()));
    }
    output.collect(record, record.receivedAt().toEpochMilli());
    if (element.markKey() != null) {
      splitState.received(element.markKey(), element.markMillis());
    }
  }
}
