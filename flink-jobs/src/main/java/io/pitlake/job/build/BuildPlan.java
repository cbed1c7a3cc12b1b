package io.pitlake.job.build;

import io.pitlake.job.LakeTables;
import io.pitlake.job.sql.ScriptReads;
import io.pitlake.job.sql.SqlScript;
import io.pitlake.quarantine.WithheldBarFunction;
import io.pitlake.quarantine.WithheldBars;
import io.pitlake.table.PitlakeTables;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Which SQL files of a batch build must run: a file whose table was last built from the same inputs
 * is skipped, so a build that would change nothing commits nothing. So is a file whose table and
 * every input are empty (never written): its query has no row to read, and an overwrite with no
 * rows commits nothing either, so running it would only cost the job's time.
 *
 * <p>A batch build recomputes each table from all of its inputs, so the table's rows are a function
 * of the file's SQL (and the shared views it names), pitlake's code and options, and what each
 * input table held. The fingerprint is a hash of exactly those, with each input table standing for
 * its contents by an identity:
 *
 * <ul>
 *   <li>a table an earlier file of this build produces: that file's fingerprint (the build writes
 *       it now, so its snapshot is not known yet);
 *   <li>a table whose current rows a build recorded ({@link BuildRecord}): that fingerprint, so a
 *       rebuild of a table that produced the same fingerprint does not make every table downstream
 *       of it run again;
 *   <li>any other table: the id of its newest snapshot that changed its rows (bronze, or a table a
 *       backfill or streaming run wrote; a compaction changes none), or that it has no row.
 * </ul>
 *
 * <p>A file that calls {@code pitlake_dq_withheld} ({@link WithheldBarFunction}) reads the
 * quarantine's withheld symbol-days too: their set is one more input, so a quarantine or a release
 * builds the tables that leave those days out again (their minutes and vendor bars are built by
 * other jobs than the audit that decided).
 */
final class BuildPlan {

  /**
   * One SQL file of the build.
   *
   * @param inputs the tables it reads
   * @param fingerprint of its inputs, recorded on its table once it ran
   * @param skip why the file need not run, or null when it must
   */
  record Step(
      String file, String table, List<String> inputs, String fingerprint, @Nullable String skip) {}

  /** The identity of a table never written to (or not there at all). */
  private static final String EMPTY = "empty";

  /** The prefix of write-audit-publish's options ({@code io.pitlake.dq.DqOptions}). */
  private static final String DQ_OPTIONS = "dq.";

  private BuildPlan() {}

  /** The steps of {@code files}, in their order. */
  static List<Step> of(Catalog catalog, Configuration options, List<String> files) {
    Map<String, String> settings = new TreeMap<>(options.toMap());
    // The gates decide what is published, not what a table holds: an audited build of the same
    // inputs builds the same rows.
    settings.keySet().removeIf(key -> key.startsWith(DQ_OPTIONS));
    String common = "code " + codeIdentity() + "\noptions " + settings;
    Map<String, String> planned = new HashMap<>();
    List<Step> steps = new ArrayList<>();
    String withheld = null;
    for (String file : files) {
      SqlScript script = SqlScript.load(file);
      ScriptReads reads = ScriptReads.of(script);
      StringBuilder text = new StringBuilder(common).append("\nsql ").append(reads.sql());
      if (reads.sql().contains(WithheldBarFunction.NAME)) {
        withheld = withheld != null ? withheld : withheld(catalog);
        text.append("\nwithheld ").append(withheld);
      }
      boolean emptyInputs = !reads.tables().isEmpty();
      for (String input : reads.tables()) {
        String identity = planned.get(input);
        identity = identity != null ? "build " + identity : identity(catalog, input);
        emptyInputs &= identity.equals(EMPTY);
        text.append('\n').append(input).append(' ').append(identity);
      }
      String fingerprint = sha256(text.toString());
      Table table = catalog.loadTable(TableIdentifier.parse(script.table()));
      String inputs = String.join(", ", reads.tables());
      String skip = null;
      if (BuildRecord.current(table).map(fingerprint::equals).orElse(false)) {
        skip = inputs + " and its SQL unchanged since its last build";
        planned.put(script.table(), fingerprint);
      } else if (emptyInputs && rowless(table)) {
        // Stays empty: later files read it as the empty table it is.
        skip = "its table and its inputs " + inputs + " are empty";
      } else {
        planned.put(script.table(), fingerprint);
      }
      steps.add(new Step(file, script.table(), List.copyOf(reads.tables()), fingerprint, skip));
    }
    return steps;
  }

  /** The quarantine's withheld daily bar versions, as a hash. */
  private static String withheld(Catalog catalog) {
    TableIdentifier id = PitlakeTables.SILVER_QUARANTINE.id();
    if (!catalog.tableExists(id)) {
      return EMPTY;
    }
    return sha256(String.join("\n", new TreeSet<>(WithheldBars.load(catalog.loadTable(id)))));
  }

  private static String identity(Catalog catalog, String name) {
    TableIdentifier id = TableIdentifier.parse(name);
    if (!catalog.tableExists(id)) {
      return EMPTY;
    }
    Table table = catalog.loadTable(id);
    var recorded = BuildRecord.current(table);
    if (recorded.isPresent()) {
      return "build " + recorded.get();
    }
    return rowless(table) ? EMPTY : "snapshot " + LakeTables.newestChange(table).snapshotId();
  }

  /**
   * Whether the table holds no row: never written, or only empty snapshots (a lake-wide tag gives a
   * table without a snapshot an empty one, {@code LakeTags}).
   */
  private static boolean rowless(Table table) {
    Snapshot current = table.currentSnapshot();
    return current == null
        || "0".equals(current.summary().get(SnapshotSummary.TOTAL_RECORDS_PROP))
            && "0".equals(current.summary().get(SnapshotSummary.TOTAL_DELETE_FILES_PROP));
  }

  /**
   * The code that runs the SQL (the feature engine, functions, the calendar): the job jar's name,
   * size and time, so a new jar builds everything again; in a development tree, the classes' path.
   */
  private static String codeIdentity() {
    CodeSource source = BuildPlan.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return "unknown";
    }
    try {
      Path path = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(path)
          ? path + " " + Files.size(path) + " " + Files.getLastModifiedTime(path).toMillis()
          : path.toString();
    } catch (URISyntaxException | java.io.IOException | IllegalArgumentException e) {
      return source.getLocation().toString();
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
