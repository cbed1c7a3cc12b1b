package io.pitlake.vendor;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.simulator.Chaos;
import io.pitlake.simulator.SimulatorOptions;
import io.pitlake.source.rest.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * What the vendor modules' endpoints share: the checked {@code simulator.*} settings of the
 * simulators they start when no key is configured, the one-off key handed to such a simulator, and
 * the check of a configured key file.
 */
public final class SimulatedEndpoints {

  /** Seeds the simulators' chaos (and Polygon's data unless {@code --seed} says otherwise). */
  public static final long SEED = 42;

  private SimulatedEndpoints() {}

  /**
   * {@code simulator.chaos}, checked: the faults every simulator the CLI starts injects, drawn from
   * {@code seed}.
   */
  public static Chaos chaos(Configuration options, long seed) {
    double chaos = options.get(SimulatorOptions.CHAOS);
    checkArgument(
        chaos >= 0 && chaos <= 1,
        "%s=%s: not a fraction: use 0..1, e.g. 0.1",
        SimulatorOptions.CHAOS.key(),
        chaos);
    return Chaos.evenly(chaos, seed);
  }

  /** {@code simulator.actions-per-year}, checked: the simulators generate 0 to 12. */
  public static double actionsPerYear(Configuration options) {
    double perYear = options.get(SimulatorOptions.ACTIONS_PER_YEAR);
    checkArgument(
        perYear >= 0 && perYear <= 12,
        "%s=%s: use 0 (none, the default) to 12 (one a month), e.g. 3",
        SimulatorOptions.ACTIONS_PER_YEAR.key(),
        perYear);
    return perYear;
  }

  /** The simulator's one-off key, handed to the source the same way a real key file would be. */
  public static Credentials privateKey(String key) {
    try {
      Path file =
          Files.createTempFile(
              "pitlake-simulator-",
              ".key",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, key);
      file.toFile().deleteOnExit();
      return Credentials.fromFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the simulator's key file", e);
    }
  }

  /**
   * The key file {@code option} names, checked readable.
   *
   * @throws IllegalArgumentException naming the option and the path
   */
  public static Credentials keyFile(ConfigOption<String> option, String path) {
    Path file = Path.of(path);
    checkArgument(
        Files.isReadable(file),
        "%s %s: no readable file there: fix the path or unset it",
        option.key(),
        file);
    return Credentials.fromFile(file);
  }

  /** Whether {@code variable} is set to something other than blanks. */
  public static boolean present(java.util.Map<String, String> env, String variable) {
    String value = env.get(variable);
    return value != null && !value.isBlank();
  }
}
