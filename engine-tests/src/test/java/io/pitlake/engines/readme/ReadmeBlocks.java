package io.pitlake.engines.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced blocks of a Markdown file, each with the {@code readme-test} directives of the HTML
 * comment right above it. The README's contributing notes describe the directives:
 *
 * <pre>
 * &lt;!-- readme-test:
 *   expect: 5 rows                     the block's output holds this text, white space folded
 *   until: clients set type=rest       a server: run it until it prints this, then SIGTERM it
 *   skip-lines: pip | reason           leave out the block's lines that start with pip
 *   skip: reason                       do not run the block
 * --&gt;
 * </pre>
 *
 * A block without a language is a shell block: it runs unless {@code skip} says why not. A block
 * with one ({@code sql}, {@code properties}, {@code python}) is text to read and takes no
 * directives. A directive comment must end on the line above its block's fence, so an edit cannot
 * move a check away from the block it checks.
 */
record ReadmeBlocks(List<Block> blocks) {

  /** The README's test command: never run inside the README test, which it runs. */
  static final String TEST_COMMAND = "./mvnw verify";

  /**
   * One fenced block.
   *
   * @param line the fence's line number, from 1
   * @param language after the opening fence; empty for a shell block
   * @param text the lines between the fences
   */
  record Block(int line, String language, String text, Directives directives) {

    boolean shell() {
      return language.isEmpty();
    }

    /**
     * The block as it runs: its text without the lines {@code skip-lines} names, and without the
     * README's test command ({@link #TEST_COMMAND}), which is what runs this test.
     */
    String script() {
      return text.lines()
          .filter(l -> !l.strip().equals(TEST_COMMAND))
          .filter(l -> directives.skipLines().stream().noneMatch(p -> l.strip().startsWith(p)))
          .reduce("", (a, b) -> a + b + "\n");
    }
  }

  /** What a block's comment says about running it. */
  record Directives(List<String> expect, String until, List<String> skipLines, String skip) {

    static final Directives NONE = new Directives(List.of(), null, List.of(), null);
  }

  private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");
  private static final Pattern DIRECTIVE = Pattern.compile("^\\s*([a-z-]+):\\s*(.*?)\\s*$");
  private static final String OPEN = "<!-- readme-test:";

  /** Parses {@code markdown}; a malformed directive names its line and the fix. */
  static ReadmeBlocks parse(String markdown) {
    List<String> lines = markdown.lines().toList();
    List<Block> blocks = new ArrayList<>();
    Directives pending = null;
    int pendingEnd = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith(OPEN)) {
        int end = i;
        while (!lines.get(end).contains("-->")) {
          end++;
          require(end < lines.size(), i, "a readme-test comment never ends: close it with -->");
        }
        pending = directives(lines, i, end);
        pendingEnd = end;
        i = end;
        continue;
      }
      Matcher fence = FENCE.matcher(line);
      if (!fence.matches()) {
        continue;
      }
      Directives directives = Directives.NONE;
      if (pending != null) {
        require(
            pendingEnd == i - 1,
            pendingEnd,
            "a readme-test comment must end on the line right above its block's ```");
        directives = pending;
        pending = null;
      }
      int close = i + 1;
      while (close < lines.size() && !lines.get(close).startsWith("```")) {
        close++;
      }
      require(close < lines.size(), i, "a fenced block never closes: add ```");
      String language = fence.group(1);
      require(
          language.isEmpty() || directives == Directives.NONE,
          i,
          "readme-test directives go on shell blocks (no language), not on ```" + language);
      blocks.add(
          new Block(
              i + 1, language, String.join("\n", lines.subList(i + 1, close)) + "\n", directives));
      i = close;
    }
    require(pending == null, pendingEnd, "a readme-test comment is followed by no block");
    return new ReadmeBlocks(blocks);
  }

  private static Directives directives(List<String> lines, int start, int end) {
    List<String> expect = new ArrayList<>();
    List<String> skipLines = new ArrayList<>();
    String until = null;
    String skip = null;
    for (int i = start; i <= end; i++) {
      String text = lines.get(i).replace(OPEN, "").replace("-->", "");
      if (text.isBlank()) {
        continue;
      }
      Matcher m = DIRECTIVE.matcher(text);
      require(m.matches(), i, "write a directive as 'name: value', e.g. 'expect: 5 rows'");
      String value = m.group(2);
      require(!value.isEmpty(), i, m.group(1) + " needs a value");
      switch (m.group(1)) {
        case "expect" -> expect.add(value);
        case "until" -> until = value;
        case "skip" -> skip = value;
        case "skip-lines" -> {
          int bar = value.indexOf(" | ");
          require(bar > 0, i, "skip-lines takes 'prefix | reason', e.g. 'pip | why'");
          skipLines.add(value.substring(0, bar).strip());
        }
        default ->
            require(
                false,
                i,
                "unknown directive " + m.group(1) + ": use expect, until, skip-lines or skip");
      }
    }
    return new Directives(expect, until, skipLines, skip);
  }

  private static void require(boolean ok, int index, String fix) {
    if (!ok) {
      throw new IllegalArgumentException("README.md line " + (index + 1) + ": " + fix);
    }
  }
}
