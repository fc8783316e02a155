package dev.integrationagent.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Function;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.Parser;
import com.schibsted.spt.data.jslt.impl.ExpressionImpl;
import com.schibsted.spt.data.jslt.impl.ExpressionNode;
import com.schibsted.spt.data.jslt.impl.ForExpression;
import com.schibsted.spt.data.jslt.impl.ObjectComprehension;
import com.schibsted.spt.data.jslt.parser.JsltParserConstants;
import com.schibsted.spt.data.jslt.parser.JsltParserTokenManager;
import com.schibsted.spt.data.jslt.parser.SimpleCharStream;
import com.schibsted.spt.data.jslt.parser.Token;
import com.schibsted.spt.data.jslt.parser.TokenMgrError;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import javax.annotation.Nullable;

/**
 * JSLT for user-supplied expressions, made safe to run on a sync thread. Measured here (see the
 * project's recipes): without {@code def} a JSLT expression's work is bounded by the size of its
 * input and of the expression; with it, recursion is unbounded. So expressions may not define
 * functions or import modules (reusable logic belongs in Java functions we register), are
 * limited in length, and their output is limited in size. JSLT itself has no access to Java
 * classes, files or the network.
 *
 * <p>Not API: public for the workflow compiler, which compiles its conditions and templates the
 * same way.
 */
public final class Jslt {
  static final int MAX_EXPRESSION_LENGTH = 10_000;
  static final int MAX_OUTPUT_NODES = 50_000;
  static final int MAX_OUTPUT_TEXT = 1_000_000;
  /** Loops nested deeper than this make work grow as a higher power of the item's size. */
  static final int MAX_LOOP_NESTING = 2;

  private Jslt() {}

  /** The functions mapping expressions may call, without a users table. */
  public static List<Function> functions() {
    return MappingFunctions.library(java.util.Map.of());
  }

  /** Compiles, or adds a problem naming {@code where}, the line and the column. */
  public static @Nullable Expression compile(String source, String where, Collection<Function> functions,
      List<String> problems) {
    if (source.length() > MAX_EXPRESSION_LENGTH) {
      problems.add(where + ": expression is " + source.length() + " characters; the limit is " + MAX_EXPRESSION_LENGTH);
      return null;
    }
    String refused = refusedConstruct(source);
    if (refused != null) {
      problems.add(where + ": " + refused);
      return null;
    }
    try {
      Expression compiled = new Parser(new StringReader(source))
          .withSource(where)
          .withFunctions(functions)
          .withResourceResolver(name -> {
            throw new JsltException("imports are not allowed in mapping expressions ('" + name + "')");
          })
          .compile();
      int nesting = compiled instanceof ExpressionImpl impl ? loopNesting(impl.getChildren()) : 0;
      if (nesting > MAX_LOOP_NESTING) {
        problems.add(where + ": 'for' loops are nested " + nesting + " deep; the limit is " + MAX_LOOP_NESTING
            + ", which keeps an expression's work proportional to at most the square of the item's size");
        return null;
      }
      return compiled;
    } catch (JsltException e) {
      problems.add(where + ": JSLT syntax error at line " + e.getLine() + ", column " + e.getColumn() + ": "
          + firstLine(e.getMessageWithoutLocation()).replaceAll(" at line \\d+, column \\d+\\.?$", ""));
    } catch (StackOverflowError e) {
      problems.add(where + ": expression is nested too deeply");
    } catch (RuntimeException | TokenMgrError e) {
      problems.add(where + ": JSLT syntax error: " + firstLine(String.valueOf(e.getMessage())));
    }
    return null;
  }

  /**
   * Runs an expression.
   *
   * @throws IllegalArgumentException when it fails or its output is over the size budget
   */
  public static JsonNode apply(Expression expression, JsonNode input) {
    JsonNode out;
    try {
      out = expression.apply(input);
    } catch (JsltException e) {
      throw new IllegalArgumentException("expression failed: " + firstLine(e.getMessageWithoutLocation()), e);
    } catch (StackOverflowError e) {
      throw new IllegalArgumentException("expression recursed too deeply");
    }
    checkBudget(out);
    return out;
  }

  private static void checkBudget(JsonNode out) {
    int nodes = 0;
    long text = 0;
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(out);
    while (!todo.isEmpty()) {
      JsonNode node = todo.pop();
      nodes++;
      if (node.isTextual()) {
        text += node.textValue().length();
      }
      if (nodes > MAX_OUTPUT_NODES || text > MAX_OUTPUT_TEXT) {
        throw new IllegalArgumentException("expression output is over the budget of " + MAX_OUTPUT_NODES
            + " JSON nodes or " + MAX_OUTPUT_TEXT + " characters");
      }
      node.forEach(todo::push);
    }
  }

  private static int loopNesting(java.util.List<ExpressionNode> nodes) {
    int deepest = 0;
    for (ExpressionNode node : nodes) {
      if (node == null) {
        continue;
      }
      int self = node instanceof ForExpression || node instanceof ObjectComprehension ? 1 : 0;
      deepest = Math.max(deepest, self + loopNesting(node.getChildren()));
    }
    return deepest;
  }

  /** Names the first construct user expressions may not use, or null. */
  private static @Nullable String refusedConstruct(String source) {
    try {
      JsltParserTokenManager tokens = new JsltParserTokenManager(new SimpleCharStream(new StringReader(source)));
      for (Token t = tokens.getNextToken(); t.kind != JsltParserConstants.EOF; t = tokens.getNextToken()) {
        if (t.kind == JsltParserConstants.DEF) {
          return "function definitions ('def') are not allowed in mapping expressions (line " + t.beginLine
              + ", column " + t.beginColumn + "); register a Java function instead";
        }
        if (t.kind == JsltParserConstants.IMPORT) {
          return "imports are not allowed in mapping expressions (line " + t.beginLine + ", column "
              + t.beginColumn + ")";
        }
      }
      return null;
    } catch (TokenMgrError e) {
      return null; // the parser reports the syntax error with its position
    }
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
