package io.pitlake.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The documentation holds together: DESIGN.md stays a design a newcomer reads in one sitting
 * (detail belongs in {@code docs/}, figures in {@code bench/README.md}), and every relative
 * Markdown link in the repository's documents names a file that exists and, with a {@code
 * #fragment}, a heading of it. Fragments are GitHub's heading slugs, the ones a reader's click
 * follows. Text moves between these files; a link left behind would otherwise fail only when
 * someone follows it.
 */
class MarkdownLinksTest {

  /** The repository's root, seen from this module's working directory. */
  private static final Path ROOT = Path.of("..");

  /** Past this, DESIGN.md is no longer read in one sitting: move detail to docs/. */
  static final int DESIGN_MAX_LINES = 1_000;

  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
  private static final Pattern LINK = Pattern.compile("\\[[^\\]\\n]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *#* *$");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  @Test
  @DisplayName("DESIGN.md stays under 1,000 lines")
  void designStaysShort() throws IOException {
    long lines = Files.readAllLines(ROOT.resolve("DESIGN.md")).size();
    assertThat(lines)
        .as(
            "DESIGN.md has %d lines, more than %d: move detail to the capability's file in docs/"
                + " (and figures to bench/README.md) and leave DESIGN.md a short section that links"
                + " to it",
            lines, DESIGN_MAX_LINES)
        .isLessThanOrEqualTo(DESIGN_MAX_LINES);
  }

  @Test
  @DisplayName("every relative link in the documentation names an existing file and heading")
  void relativeLinksResolve() throws IOException {
    List<String> broken = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    for (Path doc : documents()) {
      for (String target : links(Files.readString(doc))) {
        String fragment = null;
        String file = target;
        int hash = target.indexOf('#');
        if (hash >= 0) {
          fragment = target.substring(hash + 1);
          file = target.substring(0, hash);
        }
        Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(
              String.format(
                  "%s links to %s: no file %s; point it at the file that now holds the text",
                  ROOT.relativize(doc), target, ROOT.relativize(resolved)));
        } else if (fragment != null && resolved.toString().endsWith(".md")) {
          Set<String> slugs = anchors.computeIfAbsent(resolved, MarkdownLinksTest::slugsOf);
          if (!slugs.contains(fragment)) {
            broken.add(
                String.format(
                    "%s links to %s: %s has no heading whose anchor is #%s; link to one of its"
                        + " headings (GitHub's anchor: lower case, punctuation dropped, spaces as -)",
                    ROOT.relativize(doc), target, ROOT.relativize(resolved), fragment));
          }
        }
      }
    }
    assertThat(broken).as("broken relative links").isEmpty();
  }

  @Test
  @DisplayName("the anchors are GitHub's")
  void anchorsAreGitHubs() {
    assertThat(slug("bronze.&lt;vendor&gt;_&lt;dataset&gt; — what the vendor said, raw"))
        .isEqualTo("bronzevendor_dataset--what-the-vendor-said-raw");
    assertThat(slug("Keeping the lake current: `pitlake update`"))
        .isEqualTo("keeping-the-lake-current-pitlake-update");
    assertThat(slug("Batch = streaming, and the point-in-time properties"))
        .isEqualTo("batch--streaming-and-the-point-in-time-properties");
    assertThat(slugsOf("# A\n```\n# not a heading\n```\n## A\n"))
        .containsExactlyInAnyOrder("a", "a-1");
  }

  /** DESIGN.md, TABLES.md, README.md, docs/*.md and bench/README.md. */
  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    for (String name : List.of("DESIGN.md", "TABLES.md", "README.md", "bench/README.md")) {
      docs.add(ROOT.resolve(name));
    }
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    assertThat(docs).allSatisfy(d -> assertThat(d).exists());
    return docs;
  }

  /** The targets of the Markdown links outside code blocks and code spans, minus URLs. */
  static List<String> links(String markdown) {
    String prose = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
    List<String> targets = new ArrayList<>();
    Matcher m = LINK.matcher(prose);
    while (m.find()) {
      String target = m.group(1);
      if (!SCHEME.matcher(target).find()) {
        targets.add(target);
      }
    }
    return targets;
  }

  private static Set<String> slugsOf(Path file) {
    try {
      return slugsOf(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The anchors GitHub gives the headings of a document, a repeated one suffixed -1, -2, .... */
  static Set<String> slugsOf(String markdown) {
    Set<String> slugs = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    Matcher m = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
    while (m.find()) {
      String slug = slug(m.group(1));
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      slugs.add(n == 0 ? slug : slug + "-" + n);
    }
    return slugs;
  }

  /** GitHub's anchor of a heading: its text in lower case, punctuation dropped, spaces as -. */
  static String slug(String heading) {
    String text =
        heading
            .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
    return text.toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
        .replace(' ', '-');
  }
}
