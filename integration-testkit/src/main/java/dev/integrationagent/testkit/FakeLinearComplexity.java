package dev.integrationagent.testkit;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableReference;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * An estimate of a document's complexity in Linear's terms: each object 1 point, each scalar 0.1,
 * and a connection's children counted {@code first} times (50 when not given). Near Linear's
 * documented rule, not its exact score; enough for the budget headers and a rate limit.
 */
final class FakeLinearComplexity {
  private FakeLinearComplexity() {}

  static long of(String query, Map<String, Object> variables) {
    Document document;
    try {
      document = Parser.parse(query);
    } catch (InvalidSyntaxException e) {
      return 0; // refused by validation anyway
    }
    double points = 0;
    for (OperationDefinition op : document.getDefinitionsOfType(OperationDefinition.class)) {
      points += cost(op.getSelectionSet(), 1, variables);
    }
    return (long) Math.ceil(points);
  }

  private static double cost(@Nullable SelectionSet set, double multiplier, Map<String, Object> variables) {
    if (set == null) {
      return 0;
    }
    double points = 0;
    for (Selection<?> selection : set.getSelections()) {
      if (selection instanceof Field field) {
        if (field.getSelectionSet() == null) {
          points += 0.1 * multiplier;
        } else {
          double times = field.getName().equals("nodes") || field.getName().equals("edges") ? 1 : first(field, variables);
          points += multiplier + cost(field.getSelectionSet(), multiplier * times, variables);
        }
      }
    }
    return points;
  }

  /** A connection field's {@code first}, 50 when it is a connection without one, else 1. */
  private static double first(Field field, Map<String, Object> variables) {
    for (var argument : field.getArguments()) {
      if (argument.getName().equals("first")) {
        if (argument.getValue() instanceof IntValue i) {
          return i.getValue().doubleValue();
        }
        if (argument.getValue() instanceof VariableReference v && variables.get(v.getName()) instanceof Number n) {
          return n.doubleValue();
        }
      }
    }
    boolean connection = field.getSelectionSet().getSelections().stream()
        .anyMatch(s -> s instanceof Field f && (f.getName().equals("nodes") || f.getName().equals("edges")));
    return connection ? 50 : 1;
  }
}
