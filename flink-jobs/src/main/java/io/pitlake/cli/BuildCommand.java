package io.pitlake.cli;

import io.pitlake.job.Backfill;
import io.pitlake.job.FlinkSettings;
import io.pitlake.job.progress.ProgressPrinter;
import io.pitlake.table.Layer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Rebuilds silver and gold from what bronze already holds: after changing a SQL file, to compare
 * modes, or to time the SQL stages alone. Fetches nothing.
 */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuild silver and gold from bronze with the SQL files in sql/ (no vendor requests).",
      "In batch mode a table whose inputs and SQL are unchanged since its last build is skipped;",
      "a build that would change nothing commits nothing."
    })
final class BuildCommand implements Callable<Integer> {

  @Mixin LakeOptions lake;

  @Mixin AuditOption audit;

  @Spec CommandSpec spec;

  @Mixin ModeOption mode;

  @Option(
      names = "--layer",
      paramLabel = "LAYER",
      converter = LayerConverter.class,
      description =
          "Build only this layer: silver, gold, reference, vendor_bars, intraday, adjusted,"
              + " features, fundamentals, panel or options (default: every layer, in that order).")
  Layer layer;

  @Override
  public Integer call() {
    var options = audit.apply(lake.options());
    var catalog = lake.catalog(false);
    try (ProgressPrinter progress = Summaries.progress(spec.commandLine().getErr())) {
      new Backfill(FlinkSettings.forCli(options), progress)
          .buildSql(
              catalog, options, mode.mode, layer == null ? Layer.values() : new Layer[] {layer});
    }
    return Pitlake.EXIT_OK;
  }

  /** Accepts the layer in any case, with an error that lists the choices. */
  static final class LayerConverter implements picocli.CommandLine.ITypeConverter<Layer> {
    @Override
    public Layer convert(String value) {
      try {
        return Layer.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            String.format(
                "'%s' is not a layer: use one of %s",
                value,
                java.util.Arrays.stream(Layer.values())
                    .map(l -> l.name().toLowerCase(java.util.Locale.ROOT))
                    .collect(java.util.stream.Collectors.joining(", "))));
      }
    }
  }
}
