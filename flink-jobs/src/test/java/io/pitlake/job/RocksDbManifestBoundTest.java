package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class RocksDbManifestBoundTest {

  /** Checkpoints of one key's value, overwritten before each: the state never grows. */
  private static final int CHECKPOINTS = 300;

  @Test
  void anEmbeddedRunsCheckpointOfConstantStateStaysNearTheManifestBound() throws Exception {
    Configuration conf = FlinkSettings.embedded(new Configuration());

    long manifest = manifestAfterCheckpoints(conf);

    assertThat(manifest)
        .as("one overwritten value: its MANIFEST stays near the bound, not growing per checkpoint")
        .isGreaterThan(0)
        .isLessThanOrEqualTo(
            RocksDbManifestBound.MAX_MANIFEST_SIZE.defaultValue().getBytes() + 4096);
  }

  @Test
  void withoutTheBoundTheSameCheckpointsGrowTheManifest() throws Exception {
    Configuration conf = FlinkSettings.embedded(new Configuration());
    conf.removeConfig(RocksDBOptions.OPTIONS_FACTORY);

    assertThat(manifestAfterCheckpoints(conf))
        .as("RocksDB's default keeps one MANIFEST up to 1 GB: one entry per flush")
        .isGreaterThan(2 * RocksDbManifestBound.MAX_MANIFEST_SIZE.defaultValue().getBytes());
  }

  @Test
  void theBoundComesFromPitlakeOptions() throws Exception {
    Configuration options = new Configuration();
    options.set(RocksDbManifestBound.MAX_MANIFEST_SIZE, MemorySize.parse("4kb"));

    long manifest = manifestAfterCheckpoints(FlinkSettings.embedded(options));

    assertThat(manifest).isLessThanOrEqualTo(4096 + 4096);
    assertThatThrownBy(
            () -> {
              Configuration zero = new Configuration();
              zero.set(RocksDbManifestBound.MAX_MANIFEST_SIZE, MemorySize.ZERO);
              new RocksDbManifestBound().configure(zero);
            })
        .hasMessageContaining("streaming.rocksdb.max-manifest-size must be positive");
  }

  /**
   * The size of the MANIFEST the last of {@link #CHECKPOINTS} incremental checkpoints uploaded,
   * with the state backend {@code conf} configures (as an embedded run loads it).
   */
  private static long manifestAfterCheckpoints(Configuration conf) throws Exception {
    var backend =
        StateBackendLoader.loadStateBackendFromConfig(
            conf, RocksDbManifestBoundTest.class.getClassLoader(), null);
    try (var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new LastValue()), (Long value) -> "AAPL", Types.STRING)) {
      harness.setStateBackend(backend);
      harness.open();
      OperatorSubtaskState last = null;
      for (long checkpoint = 1; checkpoint <= CHECKPOINTS; checkpoint++) {
        harness.processElement(checkpoint, checkpoint);
        last = harness.snapshot(checkpoint, checkpoint);
        harness.notifyOfCompletedCheckpoint(checkpoint);
      }
      long manifest = 0;
      for (KeyedStateHandle handle : last.getManagedKeyedState()) {
        for (var file : ((IncrementalRemoteKeyedStateHandle) handle).getPrivateState()) {
          if (file.getLocalPath().startsWith("MANIFEST")) {
            manifest += file.getHandle().getStateSize();
          }
        }
      }
      return manifest;
    }
  }

  /** Keeps the last value per key. */
  private static final class LastValue extends KeyedProcessFunction<String, Long, Long> {
    private transient ValueState<Long> value;

    @Override
    public void open(OpenContext context) {
      value = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Types.LONG));
    }

    @Override
    public void processElement(Long in, Context ctx, Collector<Long> out) throws Exception {
      value.update(in);
    }
  }
}
