package io.pitlake.features;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the per-symbol feature engine ({@code features.*} in a config file). */
public final class FeatureOptions {

  private FeatureOptions() {}

  public static final ConfigOption<Integer> STREAMING_RETAIN_SESSIONS =
      ConfigOptions.key("features.streaming.retain-sessions")
          .intType()
          .defaultValue(260)
          .withDescription(
              "Sessions before each symbol's newest that a streaming run keeps in state, so its"
                  + " state does not grow with history. A revision of an older bar (more than this"
                  + " minus 21 sessions back) is refused to silver.quarantine and needs a batch"
                  + " build of the gold layer. Batch runs keep every session.");

  public static final ConfigOption<Duration> STREAMING_FLUSH_DELAY =
      ConfigOptions.key("features.streaming.flush-delay")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription(
              "How long pitlake live collects the bar versions of a symbol before applying them in"
                  + " availability order (versions of one fetched page are applied together); a"
                  + " version older than what was already applied is refused to silver.quarantine"
                  + " as backdated. Bounded runs apply everything at the end of their input, but a"
                  + " streaming backfill that fetches each symbol in one split, which applies them"
                  + " as they arrive (docs/performance.md, \"Bounded state of a streaming run\").");
}
