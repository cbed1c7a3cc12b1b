package io.pitlake.source.websocket.split;

import io.pitlake.source.SerializedStrings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link WebSocketSplit}.
 *
 * <p>Version 1: splitId, url, the channel count and each channel, the high-water-mark count and
 * each key with its Unix ms. Strings are a length and UTF-8 bytes (a channel list can exceed the 64
 * KiB limit of {@code writeUTF}).
 */
public class WebSocketSplitSerializer implements SimpleVersionedSerializer<WebSocketSplit> {

  public static final int VERSION_1 = 1;
  public static final int CURRENT_VERSION = VERSION_1;

  @Override
  public int getVersion() {
    return CURRENT_VERSION;
  }

  @Override
  public byte[] serialize(WebSocketSplit split) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    SerializedStrings.write(out, split.splitId());
    SerializedStrings.write(out, split.url());
    out.writeInt(split.channels().size());
    for (String channel : split.channels()) {
      SerializedStrings.write(out, channel);
    }
    out.writeInt(split.highWaterMarks().size());
    for (Map.Entry<String, Long> mark : split.highWaterMarks().entrySet()) {
      SerializedStrings.write(out, mark.getKey());
      out.writeLong(mark.getValue());
    }
    return out.getCopyOfBuffer();
  }

  @Override
  public WebSocketSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION_1) {
      throw new IOException(
          String.format(
              "Cannot read a WebSocketSplit of version %d: this build reads version %d. Restore"
                  + " with the pitlake build that wrote the checkpoint.",
              version, CURRENT_VERSION));
    }
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    String splitId = SerializedStrings.read(in);
    String url = SerializedStrings.read(in);
    int channelCount = in.readInt();
    List<String> channels = new ArrayList<>(channelCount);
    for (int i = 0; i < channelCount; i++) {
      channels.add(SerializedStrings.read(in));
    }
    int markCount = in.readInt();
    TreeMap<String, Long> marks = new TreeMap<>();
    for (int i = 0; i < markCount; i++) {
      marks.put(SerializedStrings.read(in), in.readLong());
    }
    return new WebSocketSplit(splitId, url, channels, marks);
  }
}
