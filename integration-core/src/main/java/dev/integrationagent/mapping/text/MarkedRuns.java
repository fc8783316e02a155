package dev.integrationagent.mapping.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;

/**
 * Turns ADF's flat list of marked leaves into Markdown's nested inline tree: consecutive leaves
 * that share a mark share one wrapper, the mark with the longest run outermost. Whitespace at the
 * edges of an emphasis or link moves outside it, because Markdown would not read {@code ** bold**}
 * as bold; a run never starts with blanks.
 */
final class MarkedRuns {
  /** One leaf (text, code, line break) and the marks that apply to it. */
  record Leaf(Node node, List<AdfMark> marks) {}

  private final List<Leaf> leaves = new ArrayList<>();

  void add(Node node, List<AdfMark> marks) {
    List<AdfMark> canonical = new ArrayList<>(AdfMark.canonical(marks));

    Leaf last = leaves.isEmpty() ? null : leaves.get(leaves.size() - 1);
    // Two code spans in a row would print as one ambiguous run of backticks: join them.
    if (last != null
        && last.marks().equals(canonical)
        && last.node() instanceof Code previous
        && node instanceof Code code) {
      previous.setLiteral(previous.getLiteral() + code.getLiteral());
      return;
    }
    leaves.add(new Leaf(node, canonical));
  }

  void appendTo(Node parent) {
    build(0, leaves.size(), Set.of(), parent);
  }

  private void build(int from, int to, Set<AdfMark> open, Node parent) {
    int i = from;
    while (i < to) {
      Leaf leaf = leaves.get(i);
      if (isBlank(leaf.node())) {
        // a run never starts with blanks: they would only move out of it again
        parent.appendChild(leaf.node());
        i++;
        continue;
      }
      AdfMark next = null;
      int end = i + 1;
      int weight = -1;
      for (AdfMark mark : leaf.marks()) {
        if (open.contains(mark)) {
          continue;
        }
        int runEnd = i;
        int runWeight = 0;
        while (runEnd < to && leaves.get(runEnd).marks().contains(mark)) {
          // blanks move out of emphasis anyway, so they do not make a run longer
          runWeight += isBlank(leaves.get(runEnd).node()) ? 0 : 1;
          runEnd++;
        }
        if (runWeight > weight) {
          next = mark;
          end = runEnd;
          weight = runWeight;
        }
      }
      if (next == null) {
        parent.appendChild(leaf.node());
        i++;
        continue;
      }
      Node wrapper = wrapperFor(next);
      HashSet<AdfMark> inner = new HashSet<>(open);
      inner.add(next);
      build(i, end, Set.copyOf(inner), wrapper);
      parent.appendChild(wrapper);
      hoistWhitespace(wrapper);
      i = end;
    }
  }

  private static boolean isBlank(Node node) {
    return node instanceof Text text && text.getLiteral().isBlank();
  }

  private static Node wrapperFor(AdfMark mark) {
    switch (mark.type()) {
      case "link":
        return new Link(mark.href(), mark.title());
      case "strong":
        return new StrongEmphasis("**");
      case "em":
        return new Emphasis("*");
      default:
        return new Strikethrough("~~");
    }
  }

  private static void hoistWhitespace(Node wrapper) {
    if (wrapper.getFirstChild() instanceof Text first) {
      String literal = first.getLiteral();
      String stripped = literal.stripLeading();
      if (stripped.length() < literal.length()) {
        wrapper.insertBefore(new Text(literal.substring(0, literal.length() - stripped.length())));
        replaceOrDrop(first, stripped);
      }
    }
    if (wrapper.getLastChild() instanceof Text last) {
      String literal = last.getLiteral();
      String stripped = literal.stripTrailing();
      if (stripped.length() < literal.length()) {
        wrapper.insertAfter(new Text(literal.substring(stripped.length())));
        replaceOrDrop(last, stripped);
      }
    }
    if (wrapper.getFirstChild() == null) {
      wrapper.unlink();
    }
  }

  private static void replaceOrDrop(Text text, String literal) {
    if (literal.isEmpty()) {
      text.unlink();
    } else {
      text.setLiteral(literal);
    }
  }
}
