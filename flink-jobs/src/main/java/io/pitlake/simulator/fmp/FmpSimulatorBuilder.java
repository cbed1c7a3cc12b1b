package io.pitlake.simulator.fmp;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.simulator.Chaos;
import java.time.Clock;

/** Settings of an {@link FmpSimulator}; {@link #build()} checks them. */
public final class FmpSimulatorBuilder {

  private String apiKey = FmpSimulator.DEFAULT_API_KEY;
  private double requestsPerSecond;
  private Clock clock = Clock.systemUTC();
  private Chaos chaos = Chaos.none();

  FmpSimulatorBuilder() {}

  /** The only key accepted; the default is {@link FmpSimulator#DEFAULT_API_KEY}. */
  public FmpSimulatorBuilder apiKey(String apiKey) {
    this.apiKey = apiKey;
    return this;
  }

  /** Requests per second before 429; 0 (the default) for no limit. */
  public FmpSimulatorBuilder requestsPerSecond(double requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
    return this;
  }

  /** The time the rate limit refills by; a fixed clock makes refusals exact. */
  public FmpSimulatorBuilder clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Transient faults for a fraction of the requests with a valid key (none by default). */
  public FmpSimulatorBuilder chaos(Chaos chaos) {
    this.chaos = chaos;
    return this;
  }

  public FmpSimulator build() {
    checkArgument(apiKey != null && !apiKey.isBlank(), "apiKey must not be blank");
    checkArgument(
        requestsPerSecond == 0 || requestsPerSecond >= 1,
        "requestsPerSecond %s must be 0 (no limit) or at least 1",
        requestsPerSecond);
    checkNotNull(clock, "clock must not be null");
    checkNotNull(chaos, "chaos must not be null; use Chaos.none()");
    return new FmpSimulator(apiKey, requestsPerSecond, clock, chaos);
  }
}
