package io.pitlake.source.rest.enumerator;

import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.source.rest.split.RestSplitSerializer;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link RestEnumState}.
 *
 * <p>Version 1: totalSplits, the number of pending splits, then each pending split as the version
 * of its {@link RestSplitSerializer}, a byte length and its bytes. Each split carries its own
 * version so the split format can evolve without a new enumerator version.
 */
public class RestEnumStateSerializer implements SimpleVersionedSerializer<RestEnumState> {

  public static final int VERSION_1 = 1;

  /** Adds the newest day a following source covered (a flag, then its epoch day). */
  public static final int VERSION_2 = 2;

  public static final int CURRENT_VERSION = VERSION_2;

  private final RestSplitSerializer splitSerializer = new RestSplitSerializer();

  @Override
  public int getVersion() {
    return CURRENT_VERSION;
  }

  @Override
  public byte[] serialize(RestEnumState state) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    out.writeInt(state.totalSplits());
    out.writeInt(state.pendingSplits().size());
    for (RestSplit split : state.pendingSplits()) {
      byte[] bytes = splitSerializer.serialize(split);
      out.writeInt(splitSerializer.getVersion());
      out.writeInt(bytes.length);
      out.write(bytes);
    }
    out.writeBoolean(state.coveredTo() != null);
    if (state.coveredTo() != null) {
      out.writeLong(state.coveredTo().toEpochDay());
    }
    return out.getCopyOfBuffer();
  }

  @Override
  public RestEnumState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION_1 && version != VERSION_2) {
      throw new IOException(
          String.format(
              "Cannot read a RestEnumState of version %d: this build reads versions 1 to %d."
                  + " Restore with the pitlake build that wrote the checkpoint.",
              version, CURRENT_VERSION));
    }
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    int totalSplits = in.readInt();
    int count = in.readInt();
    List<RestSplit> pending = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int splitVersion = in.readInt();
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      pending.add(splitSerializer.deserialize(splitVersion, bytes));
    }
    LocalDate coveredTo =
        version >= VERSION_2 && in.readBoolean() ? LocalDate.ofEpochDay(in.readLong()) : null;
    return new RestEnumState(pending, totalSplits, coveredTo);
  }
}
