package io.pitlake.source.websocket.enumerator;

import io.pitlake.source.websocket.split.WebSocketSplit;
import io.pitlake.source.websocket.split.WebSocketSplitSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link WebSocketEnumState}.
 *
 * <p>Version 1: the number of pending splits, then each as its {@link WebSocketSplitSerializer}
 * version, a byte length and its bytes, so the split format can evolve on its own.
 */
public class WebSocketEnumStateSerializer implements SimpleVersionedSerializer<WebSocketEnumState> {

  public static final int VERSION_1 = 1;
  public static final int CURRENT_VERSION = VERSION_1;

  private final WebSocketSplitSerializer splitSerializer = new WebSocketSplitSerializer();

  @Override
  public int getVersion() {
    return CURRENT_VERSION;
  }

  @Override
  public byte[] serialize(WebSocketEnumState state) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    out.writeInt(state.pendingSplits().size());
    for (WebSocketSplit split : state.pendingSplits()) {
      byte[] bytes = splitSerializer.serialize(split);
      out.writeInt(splitSerializer.getVersion());
      out.writeInt(bytes.length);
      out.write(bytes);
    }
    return out.getCopyOfBuffer();
  }

  @Override
  public WebSocketEnumState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION_1) {
      throw new IOException(
          String.format(
              "Cannot read a WebSocketEnumState of version %d: this build reads version %d."
                  + " Restore with the pitlake build that wrote the checkpoint.",
              version, CURRENT_VERSION));
    }
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    int count = in.readInt();
    List<WebSocketSplit> pending = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int splitVersion = in.readInt();
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      pending.add(splitSerializer.deserialize(splitVersion, bytes));
    }
    return new WebSocketEnumState(pending);
  }
}
