package io.pitlake.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The one string form of the sources' split and state serializers: a length and UTF-8 bytes,
 * because {@code writeUTF} stops at 64 KiB and a cursor URL or a channel list must not have a
 * ceiling.
 */
public final class SerializedStrings {

  private SerializedStrings() {}

  public static void write(DataOutputView out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  public static String read(DataInputView in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
