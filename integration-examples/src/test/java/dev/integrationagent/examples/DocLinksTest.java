package dev.integrationagent.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's Markdown stands alone: every relative link names a file inside the
 * repository that exists, and no page points at the sibling folders of a checkout.
 */
class DocLinksTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

  @Test
  void everyRelativeLinkOfEveryPageResolvesInsideTheRepository() throws IOException {
    List<Path> pages = pages();
    assertTrue(pages.contains(ROOT.resolve("README.md")), "found the pages under " + ROOT);
    assertTrue(pages.contains(ROOT.resolve("docs/architecture.md")), "docs/architecture.md exists");
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      String text = Files.readString(page);
      if (text.contains("../shared")) {
        broken.add(ROOT.relativize(page) + ": names ../shared, outside the repository");
      }
      // code shows link syntax without being a link
      String prose = text.replaceAll("(?s)```.*?```", "").replaceAll("``.*?``", "").replaceAll("`[^`\n]*`", "");
      Matcher m = LINK.matcher(prose);
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("[a-z]+:.*") || target.startsWith("#")) {
          continue; // a web address or an anchor of the same page
        }
        Path file = page.getParent().resolve(target.replaceAll("#.*", "")).normalize();
        if (!file.startsWith(ROOT)) {
          broken.add(ROOT.relativize(page) + ": " + target + " leaves the repository");
        } else if (!Files.exists(file)) {
          broken.add(ROOT.relativize(page) + ": " + target + " does not exist");
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  private static List<Path> pages() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(f -> f.toString().endsWith(".md"))
          .filter(f -> {
            String rel = ROOT.relativize(f).toString();
            return !rel.startsWith(".") && !rel.contains("/target/") && !rel.contains("/.") && !rel.startsWith("data/");
          })
          .toList();
    }
  }
}
