package dev.integrationagent.mapping.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.node.Emphasis;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;

/**
 * Turns ADF's flat list of marked leaves into Markdown's nested inline tree: consecutive leaves
 * that share a mark share one wrapper, the mark with the longest run outermost. Whitespace at the
 * edges of an emphasis moves outside it, because Markdown would not read {@code ** bold**} as bold.
 */
final class MarkedRuns {
  /** One leaf (text, code, line break) and the marks that apply to it. */
  record Leaf(Node node, List<AdfMark> marks) {}

  private final List<Leaf> leaves = new ArrayList<>();

  void add(Node node, List<AdfMark> marks) {
    leaves.add(new Leaf(node, AdfMark.canonical(marks)));
  }

  void appendTo(Node parent) {
    build(0, leaves.size(), Set.of(), parent);
  }

  private void build(int from, int to, Set<AdfMark> open, Node parent) {
    int i = from;
    while (i < to) {
      Leaf leaf = leaves.get(i);
      AdfMark next = null;
      int end = i + 1;
      for (AdfMark mark : leaf.marks()) {
        if (open.contains(mark)) {
          continue;
        }
        int runEnd = i + 1;
        while (runEnd < to && leaves.get(runEnd).marks().contains(mark)) {
          runEnd++;
        }
        if (next == null || runEnd > end) {
          next = mark;
          end = runEnd;
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
      if (!(wrapper instanceof Link)) {
        hoistWhitespace(wrapper);
      }
      i = end;
    }
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
