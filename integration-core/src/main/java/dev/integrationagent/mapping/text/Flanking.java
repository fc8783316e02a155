package dev.integrationagent.mapping.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;

/**
 * CommonMark reads {@code *} and {@code ~~} as emphasis only where they flank the text: bold that
 * ends in punctuation right before a letter ({@code **"x"**y}) prints fine but reads back as
 * literal asterisks. Trees that come from ADF or Textile can hold such emphasis; this keeps its
 * text and drops the emphasis that Markdown could not read back.
 */
final class Flanking {
  private Flanking() {}

  static void unwrapUnreadable(Node root) {
    boolean changed = true;
    while (changed) {
      changed = false;
      List<Node> wrappers = new ArrayList<>();
      collect(root, wrappers);
      for (Node wrapper : wrappers) {
        if (!readable(wrapper)) {
          unwrap(wrapper); // may make a neighbour unreadable: hence another pass
          changed = true;
        }
      }
    }
  }

  private static void collect(Node node, List<Node> wrappers) {
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      if (isDelimited(child)) {
        wrappers.add(child);
      }
      collect(child, wrappers);
    }
  }

  private static boolean isDelimited(Node node) {
    return node instanceof Emphasis
        || node instanceof StrongEmphasis
        || node instanceof Strikethrough;
  }

  private static boolean readable(Node wrapper) {
    if (wrapper.getFirstChild() == null) {
      return false;
    }
    for (Node ancestor = wrapper.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
      if (ancestor.getClass() == wrapper.getClass()) {
        return false; // bold inside bold is just bold (and ADF marks are a set)
      }
    }
    if (delimiter(wrapper.getPrevious()) == delimiter(wrapper)) {
      return false; // "*a***b**": the delimiter runs merge and read back differently
    }
    int first = firstChar(wrapper.getFirstChild());
    int last = lastChar(wrapper.getLastChild());
    int before =
        wrapper.getPrevious() != null
            ? lastChar(wrapper.getPrevious())
            : opening(wrapper.getParent());
    int after =
        wrapper.getNext() != null ? firstChar(wrapper.getNext()) : closing(wrapper.getParent());
    boolean opens = !blank(first) && (!punctuation(first) || blank(before) || punctuation(before));
    boolean closes = !blank(last) && (!punctuation(last) || blank(after) || punctuation(after));
    return opens && closes;
  }

  private static char delimiter(Node node) {
    if (node instanceof Emphasis || node instanceof StrongEmphasis) {
      return '*';
    }
    return node instanceof Strikethrough ? '~' : 0;
  }

  private static void unwrap(Node wrapper) {
    Node parent = wrapper.getParent();
    Node child = wrapper.getFirstChild();
    while (child != null) {
      Node next = child.getNext();
      wrapper.insertBefore(child);
      child = next;
    }
    wrapper.unlink();
    mergeAdjacentLinks(parent);
  }

  /** Two links to one place side by side read back as one link; make them one now. */
  private static void mergeAdjacentLinks(Node parent) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNext()) {
      while (child instanceof Link link
          && child.getNext() instanceof Link next
          && Objects.equals(link.getDestination(), next.getDestination())
          && Objects.equals(link.getTitle(), next.getTitle())) {
        for (Node moved = next.getFirstChild(); moved != null; ) {
          Node following = moved.getNext();
          link.appendChild(moved);
          moved = following;
        }
        next.unlink();
      }
    }
  }

  private static int firstChar(Node node) {
    if (node instanceof Text text) {
      return text.getLiteral().isEmpty() ? ' ' : text.getLiteral().codePointAt(0);
    } else if (node instanceof Code) {
      return '`';
    } else if (node instanceof HtmlInline) {
      return '<';
    } else if (node instanceof Link) {
      return '[';
    } else if (node instanceof Image) {
      return '!';
    } else if (node instanceof HardLineBreak || node instanceof SoftLineBreak) {
      return '\n';
    }
    if (isDelimited(node)) {
      // runs of one delimiter character merge: what counts is the character after all of them
      Node inner = node.getFirstChild();
      return inner != null && delimiter(inner) == delimiter(node)
          ? firstChar(inner)
          : delimiter(node);
    }
    return '.';
  }

  private static int lastChar(Node node) {
    if (node instanceof Text text) {
      String literal = text.getLiteral();
      return literal.isEmpty() ? ' ' : literal.codePointBefore(literal.length());
    } else if (node instanceof Code) {
      return '`';
    } else if (node instanceof HtmlInline) {
      return '>';
    } else if (node instanceof Link || node instanceof Image) {
      return ')';
    } else if (node instanceof HardLineBreak || node instanceof SoftLineBreak) {
      return '\n';
    }
    if (isDelimited(node)) {
      Node inner = node.getLastChild();
      return inner != null && delimiter(inner) == delimiter(node)
          ? lastChar(inner)
          : delimiter(node);
    }
    return '.';
  }

  /** What precedes the first child of {@code parent}: its delimiter, or the start of a line. */
  private static int opening(Node parent) {
    if (isDelimited(parent)) {
      return '*';
    }
    return parent instanceof Link ? '[' : -1;
  }

  private static int closing(Node parent) {
    if (isDelimited(parent)) {
      return '*';
    }
    return parent instanceof Link ? ']' : -1;
  }

  private static boolean blank(int c) {
    return c < 0 || Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static boolean punctuation(int c) {
    if (c < 0) {
      return false;
    }
    if (c < 128) {
      return !Character.isLetterOrDigit(c)
          && !Character.isWhitespace(c)
          && !Character.isISOControl(c);
    }
    return switch (Character.getType(c)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }
}
