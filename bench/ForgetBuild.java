import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import java.nio.file.Path;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Makes the next batch {@code pitlake build} rebuild the named tables, and only them: removes the
 * record of what each was last built from (the table property {@code pitlake.built-from}, {@code
 * io.pitlake.job.build.BuildRecord}), so the planner runs their files while it still skips every
 * table whose record matches. A benchmark's way to time one step of a layer on a lake the layer was
 * already built on; the rebuild overwrites the tables with the same rows.
 *   java -cp pitlake.jar:... bench/ForgetBuild.java LAKE TABLE...
 */
public class ForgetBuild {
  public static void main(String[] args) {
    Catalog catalog = Catalogs.create(CatalogConfig.embedded(Path.of(args[0])));
    for (int i = 1; i < args.length; i++) {
      catalog.loadTable(TableIdentifier.parse(args[i])).updateProperties().remove("pitlake.built-from").commit();
    }
  }
}
