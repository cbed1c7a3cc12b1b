package io.pitlake.source.rest.split;

import io.pitlake.source.SerializedStrings;
import java.io.IOException;
import java.time.LocalDate;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link RestSplit}.
 *
 * <p>Version 1: splitId, key, from and to as epoch days, a presence flag plus the cursor URL, and
 * pagesFetched. Strings are written as a length and UTF-8 bytes, because a cursor URL may exceed
 * the 64 KiB limit of {@code writeUTF}.
 */
public class RestSplitSerializer implements SimpleVersionedSerializer<RestSplit> {

  public static final int VERSION_1 = 1;
  public static final int CURRENT_VERSION = VERSION_1;

  @Override
  public int getVersion() {
    return CURRENT_VERSION;
  }

  @Override
  public byte[] serialize(RestSplit split) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(128);
    SerializedStrings.write(out, split.splitId());
    SerializedStrings.write(out, split.key());
    out.writeLong(split.from().toEpochDay());
    out.writeLong(split.to().toEpochDay());
    out.writeBoolean(split.cursorUrl() != null);
    if (split.cursorUrl() != null) {
      SerializedStrings.write(out, split.cursorUrl());
    }
    out.writeInt(split.pagesFetched());
    return out.getCopyOfBuffer();
  }

  @Override
  public RestSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION_1) {
      throw new IOException(
          String.format(
              "Cannot read a RestSplit of version %d: this build reads versions 1 to %d. Restore"
                  + " with the pitlake build that wrote the checkpoint.",
              version, CURRENT_VERSION));
    }
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    String splitId = SerializedStrings.read(in);
    String key = SerializedStrings.read(in);
    LocalDate from = LocalDate.ofEpochDay(in.readLong());
    LocalDate to = LocalDate.ofEpochDay(in.readLong());
    String cursorUrl = in.readBoolean() ? SerializedStrings.read(in) : null;
    int pagesFetched = in.readInt();
    return new RestSplit(splitId, key, from, to, cursorUrl, pagesFetched);
  }
}
