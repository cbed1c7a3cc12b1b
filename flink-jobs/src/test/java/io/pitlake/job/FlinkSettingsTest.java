package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.junit.jupiter.api.Test;

class FlinkSettingsTest {

  @Test
  void embeddedRunsCheckpointToTheFileSystemNotTheJobManagersFiveMegabytes() {
    Configuration conf = FlinkSettings.embedded(new Configuration());

    assertThat(conf.get(CheckpointingOptions.CHECKPOINT_STORAGE)).isEqualTo("filesystem");
    assertThat(conf.get(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND))
        .isEqualTo("rocksdb");
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .startsWith("file:")
        .endsWith("/pitlake-checkpoints");
    assertThat(conf.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(2);
  }

  @Test
  void embeddedRunsDoNotCompressTheirExchanges() {
    assertThat(
            FlinkSettings.embedded(new Configuration())
                .get(NettyShuffleEnvironmentOptions.SHUFFLE_COMPRESSION_CODEC))
        .isEqualTo(NettyShuffleEnvironmentOptions.CompressionCodec.NONE);
    assertThat(new Configuration().get(NettyShuffleEnvironmentOptions.SHUFFLE_COMPRESSION_CODEC))
        .as("a cluster keeps Flink's default")
        .isEqualTo(NettyShuffleEnvironmentOptions.CompressionCodec.LZ4);
  }

  @Test
  void theCheckpointDirectoryAndParallelismComeFromPitlakeOptions() {
    Configuration options = new Configuration();
    options.set(BackfillOptions.CHECKPOINT_DIR, "file:///var/pitlake/ckpt");
    options.set(BackfillOptions.PARALLELISM, 3);

    Configuration conf = FlinkSettings.embedded(options);

    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo("file:///var/pitlake/ckpt");
    assertThat(conf.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(3);
  }
}
