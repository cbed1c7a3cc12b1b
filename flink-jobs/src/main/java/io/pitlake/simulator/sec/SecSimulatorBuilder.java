package io.pitlake.simulator.sec;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.simulator.Chaos;
import java.time.Clock;

/** Settings of a {@link SecSimulator}; {@link #build()} checks them. */
public final class SecSimulatorBuilder {

  private int recentFilings = 5;
  private int filingsPerFile = 20;
  private double requestsPerSecond = 10;
  private Clock clock = Clock.systemUTC();
  private int syntheticFilers = 0;
  private boolean renamedFiler = false;
  private Chaos chaos = Chaos.none();

  SecSimulatorBuilder() {}

  /**
   * How many of a filer's newest filings its first submissions document holds; the rest go to older
   * files. EDGAR keeps at least a year or 1000 filings there; the default 5 makes the fixed filers
   * span older files.
   */
  public SecSimulatorBuilder recentFilings(int recentFilings) {
    this.recentFilings = recentFilings;
    return this;
  }

  /** Filings per older submissions file; the default 20. */
  public SecSimulatorBuilder filingsPerFile(int filingsPerFile) {
    this.filingsPerFile = filingsPerFile;
    return this;
  }

  /** EDGAR's fair-access rate, refused with 429 above it: 10 by default, 0 for no limit. */
  public SecSimulatorBuilder requestsPerSecond(double requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
    return this;
  }

  /** The time the rate limit refills by; a fixed clock makes refusals exact. */
  public SecSimulatorBuilder clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * How many {@link SyntheticFilers} to serve besides the fixed filers ({@code
   * simulator.sec.synthetic-filers}); 0 by default, so the fixed filers' answers stay exactly those
   * tests name.
   */
  public SecSimulatorBuilder syntheticFilers(int syntheticFilers) {
    this.syntheticFilers = syntheticFilers;
    return this;
  }

  /**
   * Whether to serve the Polygon simulator's renamed company (OLDC, now NEWC) as a filer with a
   * decade of filings under {@link SimulatedCiks#RENAMED_CIK}; off by default.
   */
  public SecSimulatorBuilder renamedFiler(boolean renamedFiler) {
    this.renamedFiler = renamedFiler;
    return this;
  }

  /** Transient faults for a fraction of the requests EDGAR would serve (none by default). */
  public SecSimulatorBuilder chaos(Chaos chaos) {
    this.chaos = chaos;
    return this;
  }

  public SecSimulator build() {
    checkArgument(recentFilings >= 1, "recentFilings %s must be at least 1", recentFilings);
    checkArgument(filingsPerFile >= 1, "filingsPerFile %s must be at least 1", filingsPerFile);
    checkArgument(
        requestsPerSecond == 0 || requestsPerSecond >= 1,
        "requestsPerSecond %s must be 0 (no limit) or at least 1",
        requestsPerSecond);
    checkNotNull(clock, "clock must not be null");
    checkArgument(
        syntheticFilers >= 0 && syntheticFilers <= SyntheticFilers.MAX,
        "syntheticFilers %s must be 0..%s",
        syntheticFilers,
        SyntheticFilers.MAX);
    checkNotNull(chaos, "chaos must not be null; use Chaos.none()");
    return new SecSimulator(
        recentFilings,
        filingsPerFile,
        requestsPerSecond,
        clock,
        syntheticFilers,
        renamedFiler,
        chaos);
  }
}
