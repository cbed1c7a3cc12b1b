package io.pitlake.source.websocket.split;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

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
    writeString(out, split.splitId());
    writeString(out, split.url());
    out.writeInt(split.channels().size());
    for (String channel : split.channels()) {
      writeString(out, channel);
    }
    out.writeInt(split.highWaterMarks().size());
    for (Map.Entry<String, Long> mark : split.highWaterMarks().entrySet()) {
      writeString(out, mark.getKey());
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
    String splitId = readString(in);
    String url = readString(in);
    int channelCount = in.readInt();
    List<String> channels = new ArrayList<>(channelCount);
    for (int i = 0; i < channelCount; i++) {
      channels.add(readString(in));
    }
    int markCount = in.readInt();
    TreeMap<String, Long> marks = new TreeMap<>();
    for (int i = 0; i < markCount; i++) {
      marks.put(readString(in), in.readLong());
    }
    return new WebSocketSplit(splitId, url, channels, marks);
  }

  static void writeString(DataOutputView out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readString(DataInputView in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
