package io.pitlake.source.websocket.reader;

import io.pitlake.source.websocket.ReceivedElement;
import javax.annotation.Nullable;

/**
 * One element the split reader hands to the emitter: the record and, for a data element with an
 * event time, the high-water mark it advances once emitted.
 */
public record WebSocketElement(ReceivedElement record, @Nullable String markKey, long markMillis) {}
