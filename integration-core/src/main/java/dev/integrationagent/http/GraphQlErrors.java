package dev.integrationagent.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import java.util.Locale;
import javax.annotation.Nullable;

/**
 * The category of a GraphQL error answer, read from the errors themselves: a GraphQL API says what
 * went wrong in {@code errors[].extensions} and may do so under any HTTP status (Linear answers a
 * spent rate limit with 400 or 200 and {@code extensions.type: "ratelimited"}, code
 * {@code RATELIMITED}). The error's own type is the better witness, so it is read first; the HTTP
 * status decides only when no error names a type this class knows.
 *
 * <p>Types are Linear's ({@code "ratelimited"}, {@code "authentication error"}, {@code
 * "forbidden"}, {@code "invalid input"}, {@code "graphql error"}, {@code "internal error"}, …);
 * codes are the upper-case spellings the same errors carry ({@code RATELIMITED},
 * {@code AUTHENTICATION_ERROR}, {@code GRAPHQL_VALIDATION_FAILED}) and the common GraphQL server
 * ones ({@code UNAUTHENTICATED}, {@code BAD_USER_INPUT}).
 */
final class GraphQlErrors {
  private GraphQlErrors() {}

  /** Whether a body carries a non-empty GraphQL {@code errors} array. */
  static boolean present(JsonNode body) {
    JsonNode errors = body.get("errors");
    return errors != null && errors.isArray() && !errors.isEmpty();
  }

  /** The category named by the first error whose type or code is known, or null. */
  static @Nullable ErrorCategory category(JsonNode body) {
    JsonNode errors = body.get("errors");
    if (errors == null || !errors.isArray()) {
      return null;
    }
    for (JsonNode error : errors) {
      ErrorCategory category = of(error);
      if (category != null) {
        return category;
      }
    }
    return null;
  }

  private static @Nullable ErrorCategory of(JsonNode error) {
    JsonNode extensions = error.path("extensions");
    String type = extensions.path("type").asText("").toLowerCase(Locale.ROOT);
    String code = extensions.path("code").asText("").toUpperCase(Locale.ROOT);
    String message = error.path("message").asText("");
    ErrorCategory byType = switch (type) {
      case "ratelimited" -> ErrorCategory.RATE_LIMITED;
      case "authentication error" -> ErrorCategory.AUTHENTICATION;
      case "forbidden", "feature not accessible" -> ErrorCategory.AUTHORIZATION;
      case "invalid input", "graphql error", "user error" -> notFoundOr(message, ErrorCategory.VALIDATION);
      case "internal error", "lock timeout", "network error", "bootstrap error" -> ErrorCategory.TRANSIENT;
      case "usage limit exceeded" -> ErrorCategory.PERMANENT;
      default -> null;
    };
    if (byType != null) {
      return byType;
    }
    return switch (code) {
      case "RATELIMITED", "RATE_LIMITED" -> ErrorCategory.RATE_LIMITED;
      case "AUTHENTICATION_ERROR", "UNAUTHENTICATED" -> ErrorCategory.AUTHENTICATION;
      case "FORBIDDEN" -> ErrorCategory.AUTHORIZATION;
      case "INPUT_ERROR", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_USER_INPUT" ->
          notFoundOr(message, ErrorCategory.VALIDATION);
      case "ENTITY_NOT_FOUND" -> ErrorCategory.NOT_FOUND;
      case "INTERNAL_SERVER_ERROR" -> ErrorCategory.TRANSIENT;
      default -> null;
    };
  }

  /** Linear reports a read or write of an id it does not have as invalid input, "Entity not found". */
  private static ErrorCategory notFoundOr(String message, ErrorCategory otherwise) {
    return message.toLowerCase(Locale.ROOT).startsWith("entity not found") ? ErrorCategory.NOT_FOUND : otherwise;
  }
}
