package dev.integrationagent.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.schibsted.spt.data.jslt.Expression;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Which items of a side take part in a plan: a JSLT predicate over the canonical document
 * ({@code contains("sync", .labels)}, {@code .status.category != "DONE"},
 * {@code .createdAt > "2026-01-01"}). Bounded like every user expression.
 */
public final class ScopeFilter {
  private final String source;
  private final Expression expression;

  private ScopeFilter(String source, Expression expression) {
    this.source = source;
    this.expression = expression;
  }

  /** Compiles a predicate, or adds the problem (naming {@code where}, line and column) and returns null. */
  public static @Nullable ScopeFilter compile(String jslt, String where, List<String> problems) {
    Expression expression = Jslt.compile(jslt, where, MappingFunctions.library(Map.of()), problems);
    return expression == null ? null : new ScopeFilter(jslt, expression);
  }

  /**
   * Whether the item is in scope.
   *
   * @throws IntegrationException {@code VALIDATION} when the predicate fails or does not give true or false
   */
  public boolean test(WorkItem item) {
    JsonNode result;
    try {
      result = Jslt.apply(expression, CanonicalJson.toDocument(item));
    } catch (IllegalArgumentException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, "scope '" + source + "': " + e.getMessage(), e);
    }
    if (!result.isBoolean()) {
      throw new IntegrationException(ErrorCategory.VALIDATION, "scope '" + source
          + "' must give true or false, gave " + Excerpt.of(result.toString()));
    }
    return result.booleanValue();
  }

  @Override
  public String toString() {
    return source;
  }
}
