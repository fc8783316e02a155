package dev.integrationagent.mapping.text;

import java.util.Set;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.markdown.CoreMarkdownNodeRenderer;
import org.commonmark.renderer.markdown.MarkdownNodeRendererContext;
import org.commonmark.renderer.markdown.MarkdownNodeRendererFactory;
import org.commonmark.renderer.markdown.MarkdownWriter;

/**
 * Escapes what commonmark-java 0.27's Markdown renderer leaves bare at the start of a line: a
 * {@code +} (which would start a list item) and a {@code =} (which would underline the line above
 * into a heading). Everything else is left to the core renderer.
 */
final class LineStartEscapes implements MarkdownNodeRendererFactory {

  @Override
  public NodeRenderer create(MarkdownNodeRendererContext context) {
    CoreMarkdownNodeRenderer core = new CoreMarkdownNodeRenderer(context);
    return new NodeRenderer() {
      @Override
      public Set<Class<? extends Node>> getNodeTypes() {
        return Set.of(Text.class);
      }

      @Override
      public void render(Node node) {
        Text text = (Text) node;
        MarkdownWriter writer = context.getWriter();
        String literal = text.getLiteral();
        if (writer.isAtLineStart() && (literal.startsWith("+") || literal.startsWith("="))) {
          writer.raw("\\" + literal.charAt(0));
          if (literal.length() > 1) {
            // the core renderer reads its context from the node, so render the rest in place
            text.setLiteral(literal.substring(1));
            core.render(text);
            text.setLiteral(literal);
          }
        } else {
          core.render(node);
        }
      }
    };
  }

  @Override
  public Set<Character> getSpecialCharacters() {
    return Set.of();
  }
}
