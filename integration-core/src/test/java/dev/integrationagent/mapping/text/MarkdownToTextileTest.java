package dev.integrationagent.mapping.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownToTextileTest {

  private static String textile(String markdown) {
    return TextFormats.markdownToTextile(markdown);
  }

  @Test
  void nullAndBlankMarkdownGiveEmptyTextile() {
    assertThat(textile(null)).isEmpty();
    assertThat(textile(" \n")).isEmpty();
  }

  @Test
  void headingsUseTheLevelPrefix() {
    assertThat(textile("# One\n\n###### Six")).isEqualTo("h1. One\n\nh6. Six");
  }

  @Test
  void emphasisUsesTextilePhraseModifiers() {
    assertThat(textile("**bold**, *it*, ~~gone~~ and `code`"))
        .isEqualTo("*bold*, _it_, -gone- and @code@");
    assertThat(textile("***both***")).isEqualTo("_*both*_");
  }

  @Test
  void phrasesInsideWordsUseBrackets() {
    assertThat(textile("un**break**able")).isEqualTo("un[*break*]able");
  }

  @Test
  void codeThatTextileCannotDelimitUsesTheCodeTag() {
    assertThat(textile("mail `a@b.c` now")).isEqualTo("mail <code>a@b.c</code> now");
  }

  @Test
  void linksUseQuotedTextAndBracketsWhenPunctuationFollows() {
    assertThat(textile("see [the docs](https://x.io/d) now"))
        .isEqualTo("see \"the docs\":https://x.io/d now");
    assertThat(textile("see [docs](https://x.io/d).")).isEqualTo("see [\"docs\":https://x.io/d].");
    assertThat(textile("<https://x.io>")).isEqualTo("\"https://x.io\":https://x.io");
  }

  @Test
  void imagesBecomeLinks() {
    assertThat(textile("![shot](https://x.io/s.png)")).isEqualTo("\"shot\":https://x.io/s.png");
  }

  @Test
  void codeBlocksUsePreAndCodeWithTheLanguageAsClass() {
    assertThat(textile("```ruby\nputs 1\n\nputs 2\n```"))
        .isEqualTo("<pre><code class=\"ruby\">\nputs 1\n\nputs 2\n</code></pre>");
    assertThat(textile("```\nplain\n```")).isEqualTo("<pre>\nplain\n</pre>");
  }

  @Test
  void nestedListsRepeatTheirMarkers() {
    assertThat(textile("- a\n  1. b\n     - c\n- d")).isEqualTo("* a\n*# b\n*#* c\n* d");
  }

  @Test
  void quotesUseBqOrAngleBracketsWhenTheyHoldMoreThanAParagraph() {
    assertThat(textile("> said")).isEqualTo("bq. said");
    assertThat(textile("> one\n>\n> - two")).isEqualTo("> one\n>\n> * two");
  }

  @Test
  void tablesMarkHeaderCellsAndEscapePipes() {
    assertThat(textile("| A | B |\n|---|---|\n| 1 | x\\|y |"))
        .isEqualTo("|_. A |_. B |\n| 1 | <notextile>x|y</notextile> |");
  }

  @Test
  void columnAlignmentIsWrittenOnEveryCellOfTheColumn() {
    assertThat(textile("| A | B | C |\n|:-:|--:|---|\n| 1 | 2 | 3 |"))
        .isEqualTo("|_=. A |_>. B |_. C |\n|=. 1 |>. 2 | 3 |");
  }

  @Test
  void rulesAndHardBreaks() {
    assertThat(textile("a  \nb\n\n---")).isEqualTo("a\nb\n\n---");
  }

  @Test
  void softBreaksBecomeSpacesBecauseTextileNewlinesBreakLines() {
    assertThat(textile("one\ntwo")).isEqualTo("one two");
  }

  @Test
  void textThatTextileWouldReadAsMarkupIsWrappedInNotextile() {
    assertThat(textile("\\*not bold\\*")).isEqualTo("<notextile>*not bold*</notextile>");
    assertThat(textile("a_b_c and 2 * 3 - 1")).isEqualTo("a_b_c and 2 * 3 - 1");
  }

  @Test
  void paragraphsThatLookLikeBlocksGetAnExplicitParagraphPrefix() {
    assertThat(textile("h1. not a heading")).isEqualTo("p. h1. not a heading");
    assertThat(textile("\\# not a list")).isEqualTo("p. # not a list");
  }

  @Test
  void closingTagsInsideCodeAreSpacedSoThatThePreBlockStaysOpen() {
    assertThat(textile("```\n<pre>x</pre>\n```")).isEqualTo("<pre>\n<pre>x</ pre>\n</pre>");
  }

  @Test
  void aLiteralNotextileClosingTagStillShowsAsText() {
    String textile = textile("a \\*\\</notextile\\>");
    assertThat(textile).isEqualTo("<notextile>a *</notextile><notextile><</notextile>/notextile>");
    assertThat(TextFormats.textileToMarkdown(textile)).isEqualTo("a \\*\\</notextile\\>");
  }

  @Test
  void htmlIsKeptAsText() {
    assertThat(textile("<div>\nhi\n</div>")).isEqualTo("<div>\nhi\n</div>");
  }
}
