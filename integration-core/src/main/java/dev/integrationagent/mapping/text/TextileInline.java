package dev.integrationagent.mapping.text;

import java.util.Arrays;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;

/**
 * Parses Textile inline markup as Redmine's RedCloth reads it: phrase modifiers count only at word
 * boundaries (or inside square brackets), {@code @code@}, {@code "text":url}, {@code !image!},
 * {@code <notextile>} and {@code ==...==} escapes, and a newline as a hard line break. Modifiers
 * Markdown cannot express (underline, sup, sub, cite, span) keep their text.
 */
final class TextileInline {
  private static final String PHRASES = "*_-+^~%?";
  private static final String OPENING_CONTEXT = "'\"([{>";

  private final String text;
  private final StringBuilder plain = new StringBuilder();
  private final Node parent;

  /** Characters inside {@code <notextile>} or {@code <code>}: no phrase may close there. */
  private final boolean[] shielded;

  private TextileInline(String text, Node parent) {
    this.text = text;
    this.parent = parent;
    this.shielded = new boolean[text.length() + 1];
    shield("<notextile>", "</notextile>");
    shield("<code>", "</code>");
  }

  private void shield(String open, String close) {
    int start = text.indexOf(open);
    while (start >= 0) {
      int end = text.indexOf(close, start);
      if (end < 0) {
        return;
      }
      Arrays.fill(shielded, start + 1, end + close.length(), true);
      start = text.indexOf(open, end);
    }
  }

  static void parse(String text, Node parent) {
    new TextileInline(text, parent).run();
  }

  /** Parses into a detached paragraph; for checking what a piece of Textile would mean. */
  static Paragraph parse(String text) {
    Paragraph paragraph = new Paragraph();
    parse(text, paragraph);
    return paragraph;
  }

  static boolean boundaryBefore(int c) {
    return c < 0 || Character.isWhitespace(c) || OPENING_CONTEXT.indexOf(c) >= 0;
  }

  static boolean boundaryAfter(int c) {
    return c < 0 || Character.isWhitespace(c) || isPunctuation(c);
  }

  private static boolean isPunctuation(int c) {
    return c < 128 && !Character.isLetterOrDigit(c) && !Character.isWhitespace(c);
  }

  private void run() {
    int i = 0;
    while (i < text.length()) {
      int next = element(i);
      if (next > i) {
        i = next;
      } else {
        char c = text.charAt(i);
        if (c == '\n') {
          flush();
          parent.appendChild(new HardLineBreak());
        } else {
          plain.append(c);
        }
        i++;
      }
    }
    flush();
  }

  /** Tries every construct at {@code i}; returns the index after it, or {@code i} if none. */
  private int element(int i) {
    int before = i == 0 ? -1 : text.charAt(i - 1);
    if (text.startsWith("<notextile>", i)) {
      int end = text.indexOf("</notextile>", i);
      if (end > 0) {
        plain.append(text.substring(i + "<notextile>".length(), end).replace('\n', ' '));
        return end + "</notextile>".length();
      }
    }
    if (text.startsWith("<code>", i)) {
      int end = text.indexOf("</code>", i);
      if (end > 0) {
        String code = text.substring(i + "<code>".length(), end).replace('\n', ' ');
        if (!code.isEmpty()) {
          emit(new Code(code));
        }
        return end + "</code>".length();
      }
    }
    if (text.startsWith("==", i) && boundaryBefore(before)) {
      int end = text.indexOf("==", i + 2);
      if (end > i + 2 && !Character.isWhitespace(text.charAt(i + 2))) {
        plain.append(text.substring(i + 2, end).replace('\n', ' '));
        return end + 2;
      }
    }
    char c = text.charAt(i);
    if (c == '[' && i + 1 < text.length()) {
      int end = bracketed(i);
      if (end > i) {
        return end;
      }
    }
    if (!boundaryBefore(before)) {
      return i;
    }
    if (c == '"') {
      return link(i, -1);
    }
    if (c == '@') {
      return code(i, -1);
    }
    if (c == '!') {
      return image(i);
    }
    if (PHRASES.indexOf(c) >= 0) {
      return phrase(i, -1);
    }
    return i;
  }

  /** {@code [*bold*]}, {@code ["link":url]}: brackets let a phrase sit inside a word. */
  private int bracketed(int i) {
    int close = text.indexOf(']', i + 1);
    if (close < 0) {
      return i;
    }
    char c = text.charAt(i + 1);
    int end = i + 1;
    if (c == '"') {
      end = link(i + 1, close);
    } else if (c == '@') {
      end = code(i + 1, close);
    } else if (PHRASES.indexOf(c) >= 0) {
      end = phrase(i + 1, close);
    }
    return end == close ? close + 1 : i;
  }

  private int code(int i, int limit) {
    int close = closing(i, "@", limit);
    if (close < 0) {
      return i;
    }
    emit(new Code(text.substring(i + 1, close)));
    return close + 1;
  }

  private int phrase(int i, int limit) {
    String delimiter = String.valueOf(text.charAt(i));
    if (text.startsWith(delimiter + delimiter, i) && "*_?".contains(delimiter)) {
      int end = phrase(i, delimiter + delimiter, limit);
      if (end > i) {
        return end;
      }
    }
    return "?".equals(delimiter) ? i : phrase(i, delimiter, limit);
  }

  private int phrase(int i, String delimiter, int limit) {
    int close = closing(i, delimiter, limit);
    if (close < 0) {
      return i;
    }
    Node wrapper;
    switch (delimiter.charAt(0)) {
      case '*' -> wrapper = new StrongEmphasis("**");
      case '_' -> wrapper = new Emphasis("*");
      case '-' -> wrapper = new Strikethrough("~~");
      default -> wrapper = null;
    }
    String content = text.substring(i + delimiter.length(), close);
    if (wrapper == null) {
      flushInto(content);
    } else {
      parse(content, wrapper);
      emit(wrapper);
    }
    return close + delimiter.length();
  }

  /**
   * Where the phrase opened at {@code i} closes: the next delimiter that follows a non-blank and
   * precedes a boundary (or, in brackets, the closing bracket at {@code limit}).
   */
  private int closing(int i, String delimiter, int limit) {
    int start = i + delimiter.length();
    if (start >= text.length() || Character.isWhitespace(text.charAt(start))) {
      return -1;
    }
    int from = start + 1;
    while (true) {
      int close = text.indexOf(delimiter, from);
      if (close < 0 || (limit >= 0 && close + delimiter.length() > limit)) {
        return -1;
      }
      if (shielded[close]) {
        from = close + 1;
        continue;
      }
      int newline = text.indexOf('\n', start);
      if (newline >= 0 && newline < close) {
        return -1;
      }
      int after = close + delimiter.length();
      boolean boundary =
          limit >= 0
              ? after == limit
              : boundaryAfter(after < text.length() ? text.charAt(after) : -1);
      if (!Character.isWhitespace(text.charAt(close - 1)) && boundary) {
        return close;
      }
      from = close + 1;
    }
  }

  private int link(int i, int limit) {
    int close = text.indexOf("\":", i + 1);
    while (close > 0 && shielded[close]) {
      close = text.indexOf("\":", close + 1);
    }
    if (close <= i + 1 || close + 2 >= text.length() || (limit >= 0 && close > limit)) {
      return i;
    }
    int urlEnd = close + 2;
    if (limit >= 0) {
      urlEnd = limit;
    } else {
      while (urlEnd < text.length() && !Character.isWhitespace(text.charAt(urlEnd))) {
        urlEnd++;
      }
      while (urlEnd > close + 2 && ".,;:!?'\")".indexOf(text.charAt(urlEnd - 1)) >= 0) {
        urlEnd--;
      }
    }
    String label = text.substring(i + 1, close);
    String url = text.substring(close + 2, urlEnd);
    if (url.isEmpty()
        || label.indexOf('\n') >= 0
        || url.chars().anyMatch(Character::isWhitespace)) {
      return i;
    }
    Link link = new Link(url.replace("]", "%5D"), null);
    parse(label, link);
    emit(link);
    return urlEnd;
  }

  private int image(int i) {
    int close = text.indexOf('!', i + 1);
    if (close <= i + 1 || Character.isWhitespace(text.charAt(i + 1))) {
      return i;
    }
    String body = text.substring(i + 1, close);
    if (body.chars().anyMatch(Character::isWhitespace) && !body.contains("(")) {
      return i;
    }
    String url = body;
    String alt = "";
    int paren = body.indexOf('(');
    if (paren > 0 && body.endsWith(")")) {
      url = body.substring(0, paren);
      alt = body.substring(paren + 1, body.length() - 1);
    }
    url = url.replaceFirst("^[<>=]+", "");
    if (url.isEmpty() || url.chars().anyMatch(Character::isWhitespace)) {
      return i;
    }
    Link link = new Link(url.replace("]", "%5D"), null);
    link.appendChild(new Text(alt.isEmpty() ? url : alt));
    emit(link);
    return close + 1;
  }

  private void flushInto(String content) {
    Paragraph scratch = parse(content);
    for (Node child = scratch.getFirstChild(); child != null; ) {
      Node next = child.getNext();
      if (child instanceof Text piece) {
        plain.append(piece.getLiteral());
      } else {
        emit(child);
      }
      child = next;
    }
  }

  private void emit(Node node) {
    flush();
    parent.appendChild(node);
  }

  private void flush() {
    if (plain.length() > 0) {
      if (parent.getLastChild() instanceof Text last) {
        last.setLiteral(last.getLiteral() + plain);
      } else {
        parent.appendChild(new Text(plain.toString()));
      }
      plain.setLength(0);
    }
  }
}
