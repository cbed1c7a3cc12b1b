package io.pitlake.cli;

import io.pitlake.job.RunMode;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --mode batch|streaming}, shared by the commands that run Flink jobs. */
final class ModeOption {

  @Option(
      names = "--mode",
      defaultValue = "batch",
      paramLabel = "batch|streaming",
      converter = Converter.class,
      description = "Flink runtime mode; both give identical tables (default: ${DEFAULT-VALUE}).")
  RunMode mode;

  /** Accepts the mode in any case, with an error that lists the choices. */
  static final class Converter implements ITypeConverter<RunMode> {
    @Override
    public RunMode convert(String value) {
      try {
        return RunMode.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            String.format("'%s' is not a mode: use batch or streaming", value));
      }
    }
  }
}
