package io.pitlake.engines.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's blocks and their checks, read from Markdown as {@link ReadmeITCase} reads them. */
class ReadmeBlocksTest {

  @Test
  @DisplayName("a shell block carries the directives of the comment right above it")
  void directivesBelongToTheNextBlock() {
    ReadmeBlocks readme =
        ReadmeBlocks.parse(
            String.join(
                "\n",
                "# title",
                "<!-- readme-test:",
                "  skip-lines: pip | installed elsewhere",
                "  expect: 5 rows",
                "  expect: AAPL 1,506 -->",
                "```",
                "pip install ./python",
                "./pitlake tables",
                "./mvnw verify",
                "```",
                "```sql",
                "<!-- readme-test: skip: inside a block, text -->",
                "SELECT 1",
                "```",
                "<!-- readme-test: skip: needs a key -->",
                "```",
                "export KEY=...",
                "```"));

    assertThat(readme.blocks()).extracting(ReadmeBlocks.Block::line).containsExactly(6, 11, 16);
    ReadmeBlocks.Block first = readme.blocks().get(0);
    assertThat(first.shell()).isTrue();
    assertThat(first.script()).isEqualTo("./pitlake tables\n");
    assertThat(first.directives().expect()).isEqualTo(List.of("5 rows", "AAPL 1,506"));
    assertThat(readme.blocks().get(1).shell()).isFalse();
    assertThat(readme.blocks().get(1).directives().skip()).isNull();
    assertThat(readme.blocks().get(2).directives().skip()).isEqualTo("needs a key");
  }

  @Test
  @DisplayName("a check that drifted from its block, or that nobody can read, fails with the fix")
  void malformedDirectivesFail() {
    assertThatThrownBy(
            () -> ReadmeBlocks.parse("<!-- readme-test: expect: 2 rows -->\n\n```\nls\n```\n"))
        .hasMessageContaining("line 1: a readme-test comment must end on the line right above");
    assertThatThrownBy(() -> ReadmeBlocks.parse("<!-- readme-test: expects: 2 -->\n```\nls\n```\n"))
        .hasMessageContaining("unknown directive expects: use expect, until, skip-lines or skip");
    assertThatThrownBy(
            () -> ReadmeBlocks.parse("<!-- readme-test: expect: 2 -->\n```sql\n1\n```\n"))
        .hasMessageContaining("go on shell blocks");
    assertThatThrownBy(() -> ReadmeBlocks.parse("text\n<!-- readme-test: skip: why -->\n"))
        .hasMessageContaining("is followed by no block");
  }
}
