package io.pitlake.job.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.job.sql.SqlScript.Unit;
import io.pitlake.table.Layer;
import io.pitlake.table.PitlakeTables;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    SqlScript script =
        SqlScript.parse(
            "t.sql",
            """
            -- a comment; with a semicolon
            CREATE TEMPORARY VIEW v AS SELECT 'a;b' AS s, `we;ird` FROM t; /* also; here */
            SELECT 'it''s;' FROM v;
            """);

    assertThat(script.units())
        .extracting(Unit::statements)
        .containsExactly(
            List.of("CREATE TEMPORARY VIEW v AS SELECT 'a;b' AS s, `we;ird` FROM t"),
            List.of("SELECT 'it''s;' FROM v"));
  }

  @Test
  void aStatementSetBecomesOneUnitOfInserts() {
    SqlScript script =
        SqlScript.parse(
            "t.sql",
            "CREATE TEMPORARY VIEW v AS SELECT 1;\nBEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\n"
                + "INSERT INTO b SELECT 2;\nEND;");

    assertThat(script.units()).hasSize(2);
    assertThat(script.units().get(1).statementSet()).isTrue();
    assertThat(script.units().get(1).statements())
        .containsExactly("INSERT INTO a SELECT 1", "INSERT INTO b SELECT 2");
  }

  @Test
  void malformedScriptsNameTheFileAndTheProblem() {
    assertThatThrownBy(
            () -> SqlScript.parse("x.sql", "BEGIN STATEMENT SET; INSERT INTO a SELECT 1;"))
        .hasMessageContaining("x.sql: BEGIN STATEMENT SET without END");
    assertThatThrownBy(() -> SqlScript.parse("x.sql", "BEGIN STATEMENT SET; SELECT 1; END;"))
        .hasMessageContaining("x.sql: only INSERT belongs in a statement set");
    assertThatThrownBy(() -> SqlScript.parse("x.sql", "SELECT 'open"))
        .hasMessageContaining("unterminated ' quote");
    assertThatThrownBy(() -> SqlScript.load("missing/table.sql"))
        .hasMessageContaining("sql/missing/table.sql is not on the class path");
  }

  @Test
  void everyPipelineFileLoadsFromTheJobJarAndEndsInTheInsertOfItsTable() {
    for (Layer layer : Layer.values()) {
      for (String file : layer.files()) {
        SqlScript script = SqlScript.load(file);
        Unit last = script.units().get(script.units().size() - 1);
        assertThat(last.statements()).as(file).allMatch(SqlScript::isInsert);
        assertThat(last.statements())
            .as(file)
            .extracting(statement -> SqlScript.Insert.parse(file, statement).target())
            .contains(script.table());
      }
    }
  }

  @Test
  void everyFileRunsAfterTheFilesThatBuildTheTablesItReads() {
    Set<String> builtBySql =
        PitlakeTables.all().stream()
            .filter(t -> t.layer() != null)
            .map(t -> t.id().toString())
            .collect(Collectors.toSet());
    Set<String> built = new HashSet<>();
    for (Layer layer : Layer.values()) {
      for (String file : layer.files()) {
        SqlScript script = SqlScript.load(file);
        assertThat(ScriptReads.of(script).tables().stream().filter(builtBySql::contains))
            .as("%s of layer %s reads only tables built before it", file, layer)
            .allMatch(built::contains);
        built.add(script.table());
      }
    }
  }

  @Test
  void noTwoFilesShareATemporaryViewNameAndNoneDeclaresAFunction() {
    Pattern view = Pattern.compile("(?is)^CREATE\\s+TEMPORARY\\s+VIEW\\s+(\\w+)");
    Map<String, String> declaredBy = new HashMap<>();
    for (Layer layer : Layer.values()) {
      for (String file : layer.files()) {
        for (Unit unit : SqlScript.load(file).units()) {
          for (String statement : unit.statements()) {
            assertThat(statement.toUpperCase(Locale.ROOT))
                .as("%s: functions are registered once, by SqlFunctions", file)
                .doesNotContain("FUNCTION");
            Matcher m = view.matcher(statement.strip());
            if (m.find()) {
              String other = declaredBy.put(m.group(1).toLowerCase(Locale.ROOT), file);
              assertThat(other).as("view %s of %s, also in %s", m.group(1), file, other).isNull();
            }
          }
        }
      }
    }
    assertThat(declaredBy).hasSizeGreaterThan(20);
  }

  @Test
  void anInsertSplitsIntoItsTargetAndItsQuery() {
    SqlScript.Insert insert =
        SqlScript.Insert.parse("s.sql", "INSERT INTO silver.bars_daily\nSELECT a, b FROM t");

    assertThat(insert.target()).isEqualTo("silver.bars_daily");
    assertThat(insert.query()).isEqualTo("SELECT a, b FROM t");
    assertThat(insert.overwrite())
        .isEqualTo("INSERT OVERWRITE silver.bars_daily\nSELECT a, b FROM t");
    assertThatThrownBy(() -> SqlScript.Insert.parse("s.sql", "INSERT INTO t (a) SELECT 1"))
        .hasMessageContaining("s.sql: expected INSERT INTO namespace.table SELECT");
  }

  @Test
  void aFileBuildsTheTableItIsNamedFor() {
    assertThat(SqlScript.load("gold/bar_features_daily.sql").table())
        .isEqualTo("gold.bar_features_daily");
    assertThatThrownBy(() -> SqlScript.parse("loose.sql", "SELECT 1").table())
        .hasMessageContaining("loose.sql is not named namespace/table.sql");
  }

  @Test
  void everyLayerFileInsertsIntoALakeTableNamedLikeIt() {
    List<String> tables =
        PitlakeTables.all().stream().map(t -> t.namespace() + "." + t.name()).toList();
    for (Layer layer : Layer.values()) {
      for (String file : layer.files()) {
        SqlScript script = SqlScript.load(file);
        assertThat(tables).as(file).contains(script.table());
        assertThat(
                script.units().stream()
                    .flatMap(unit -> unit.statements().stream())
                    .filter(SqlScript::isInsert)
                    .map(statement -> SqlScript.Insert.parse(file, statement).target()))
            .as("%s: one insert into its table, since a batch build overwrites it", file)
            .containsOnlyOnce(script.table());
      }
    }
    assertThat(Layer.values())
        .containsExactly(
            Layer.SILVER,
            Layer.GOLD,
            Layer.REFERENCE,
            Layer.VENDOR_BARS,
            Layer.INTRADAY,
            Layer.ADJUSTED,
            Layer.FEATURES,
            Layer.FUNDAMENTALS,
            Layer.PANEL,
            Layer.OPTIONS);
    assertThat(Layer.BARS).containsExactly(Layer.SILVER, Layer.GOLD);
  }
}
