package dev.integrationagent.mapping.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextileToMarkdownTest {

  private static String markdown(String textile) {
    return TextFormats.textileToMarkdown(textile);
  }

  @Test
  void nullAndBlankTextileGiveEmptyMarkdown() {
    assertThat(markdown(null)).isEmpty();
    assertThat(markdown("\n\n")).isEmpty();
  }

  @Test
  void headingsWithAndWithoutModifiers() {
    assertThat(markdown("h2. Plan\n\nh3(#id). Steps")).isEqualTo("## Plan\n\n### Steps");
  }

  @Test
  void phraseModifiers() {
    assertThat(markdown("*bold* _it_ -gone- @code@ **b2** __i2__"))
        .isEqualTo("**bold** *it* ~~gone~~ `code` **b2** *i2*");
  }

  @Test
  void modifiersMarkdownCannotExpressKeepTheirText() {
    assertThat(markdown("+under+ x ^sup^ ??cite?? %span%")).isEqualTo("under x sup cite span");
  }

  @Test
  void modifiersNeedWordBoundaries() {
    assertThat(markdown("snake_case_name e-mail-address a*b*c"))
        .isEqualTo("snake\\_case\\_name e-mail-address a\\*b\\*c");
  }

  @Test
  void linksPlainAndBracketedAndImages() {
    assertThat(
            markdown(
                "\"Redmine\":https://redmine.org. [\"x\":https://x.io/a]b !https://x.io/i.png!"))
        .isEqualTo(
            "[Redmine](https://redmine.org). [x](https://x.io/a)b"
                + " [https://x.io/i.png](https://x.io/i.png)");
  }

  @Test
  void preBlocksRunToTheirClosingTagAcrossBlankLines() {
    assertThat(markdown("<pre><code class=\"java\">\nint a;\n\nint b;\n</code></pre>\nafter"))
        .isEqualTo("```java\nint a;\n\nint b;\n```\n\nafter");
    assertThat(markdown("<pre>x < y</pre>")).isEqualTo("```\nx < y\n```");
    assertThat(markdown("bc. one line")).isEqualTo("```\none line\n```");
  }

  @Test
  void listsNestByRepeatingMarkers() {
    assertThat(markdown("* a\n** b\n*# c\n* d\n# e")).isEqualTo("- a\n  - b\n  1. c\n- d\n\n1. e");
  }

  @Test
  void lineBreaksInsideParagraphsAndListItemsAreHard() {
    assertThat(markdown("one\ntwo\n\n* a\ncontinued"))
        .isEqualTo("one  \ntwo\n\n- a  \n  continued");
  }

  @Test
  void bqAndAngleBracketQuotes() {
    assertThat(markdown("bq. quoted")).isEqualTo("> quoted");
    assertThat(markdown("> first\n>\n>> nested")).isEqualTo("> first\n> \n> > nested");
  }

  @Test
  void tablesTakeTheirFirstRowAsHeaderAndDropCellModifiers() {
    assertThat(markdown("|_. A |_. B |\n|{color:red}. 1 | *2* |\n| 3 |"))
        .isEqualTo("|A|B|\n|---|---|\n|1|**2**|\n|3||");
  }

  @Test
  void theFirstAlignedCellOfAColumnAlignsTheColumn() {
    assertThat(markdown("|_. A |_>. B |_. C |\n|=. 1 | 2 |<. 3 |"))
        .isEqualTo("|A|B|C|\n|:---:|---:|:---|\n|1|2|3|");
  }

  @Test
  void rulesInTheirTextileSpellings() {
    assertThat(markdown("a\n\n---\n\n<hr>\n\nb")).isEqualTo("a\n\n___\n\n___\n\nb");
  }

  @Test
  void escapesAreReadAsLiteralText() {
    assertThat(markdown("<notextile>*not bold*</notextile> ==_nor italic_=="))
        .isEqualTo("\\*not bold\\* \\_nor italic\\_");
  }

  @Test
  void redmineDescriptionWithWindowsLineEndings() {
    String description =
        "h2. Steps\r\n\r\n# Open *Settings*\r\n# Click \"Save\":https://r.example/s\r\n\r\n"
            + "<pre><code class=\"ruby\">\r\nputs 1\r\n</code></pre>\r\n\r\nbq. It crashes";
    assertThat(markdown(description))
        .isEqualTo(
            "## Steps\n\n1. Open **Settings**\n2. Click [Save](https://r.example/s)\n\n"
                + "```ruby\nputs 1\n```\n\n> It crashes");
  }

  @Test
  void explicitParagraphPrefixIsDropped() {
    assertThat(markdown("p. # not a list")).isEqualTo("\\# not a list");
  }
}
