package dev.integrationagent.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;

/** The built-in {@link Pagination} styles. */
final class Paginations {
  private Paginations() {}

  static int positive(int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be at least 1 but was " + pageSize);
    }
    return pageSize;
  }

  /** The array at a field ({@code ""} for the body itself, {@code /a/b} for a JSON pointer). */
  /**
   * The items of a listing answer. An answer of another shape (an object where the tool sends
   * an array, a missing field) is never read as an empty page, which would end the listing as
   * if nothing had changed: it fails with VALIDATION, naming where the array was expected.
   */
  static JsonNode itemsAt(HttpResult result, String field) {
    JsonNode node = field.isEmpty() ? result.body()
        : field.startsWith("/") ? result.body().at(field) : result.body().path(field);
    if (!node.isArray()) {
      throw new dev.integrationagent.api.IntegrationException(dev.integrationagent.api.ErrorCategory.VALIDATION, null,
          "the listing answer has no JSON array " + (field.isEmpty() ? "as its body" : "at '" + field + "'")
              + " but " + (node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
              + "; the listing stops here and its cursor is kept", null);
    }
    return node;
  }

  static int queryInt(HttpCall call, String name, int fallback) {
    return parsed(call.query().get(name), fallback);
  }

  private static int parsed(@Nullable String value, int fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  record LinkHeader(String itemsField, @Nullable String pageParam, @Nullable String sizeParam) implements Pagination {
    @Override
    public JsonNode items(HttpResult result) {
      return itemsAt(result, itemsField);
    }

    @Override
    public Optional<HttpCall> next(Page page) {
      for (String link : page.result().headers().values("Link")) {
        String next = LinkHeaders.next(link);
        if (next != null) {
          HttpUrl resolved = page.call().absoluteUrl() != null
              ? HttpUrl.get(page.call().absoluteUrl()).resolve(next) : HttpUrl.parse(next);
          if (resolved != null) {
            return Optional.of(page.call().toBuilder().absoluteUrl(resolved.toString()).build());
          }
        }
      }
      if (page.result().cacheHit() && pageParam != null && sizeParam != null) {
        // revalidated: the stored Link may predate later pages; a full page may not be the last
        HttpCall call = page.call();
        HttpUrl url = call.absoluteUrl() == null ? null : HttpUrl.parse(call.absoluteUrl());
        int size = url != null ? parsed(url.queryParameter(sizeParam), -1) : queryInt(call, sizeParam, -1);
        if (size > 0 && page.items().size() >= size) {
          int number = url != null ? parsed(url.queryParameter(pageParam), 1) : queryInt(call, pageParam, 1);
          return Optional.of(url != null
              ? call.toBuilder().absoluteUrl(url.newBuilder().setQueryParameter(pageParam, Integer.toString(number + 1))
                  .build().toString()).build()
              : call.toBuilder().query(pageParam, number + 1).build());
        }
      }
      return Optional.empty();
    }
  }

  record OffsetLimit(String offsetParam, String limitParam, int pageSize, String itemsField) implements Pagination {
    @Override
    public HttpCall first(HttpCall call) {
      return call.toBuilder().query(offsetParam, queryInt(call, offsetParam, 0)).query(limitParam, pageSize).build();
    }

    @Override
    public JsonNode items(HttpResult result) {
      return itemsAt(result, itemsField);
    }

    @Override
    public Optional<HttpCall> next(Page page) {
      int count = page.items().size();
      int offset = queryInt(page.call(), offsetParam, 0) + count;
      JsonNode total = page.result().body().get("total_count");
      if (count < pageSize || (total != null && total.canConvertToInt() && offset >= total.asInt())) {
        return Optional.empty();
      }
      return Optional.of(page.call().toBuilder().query(offsetParam, offset).build());
    }
  }

  record PageNumber(String pageParam, String sizeParam, int pageSize, String itemsField) implements Pagination {
    @Override
    public HttpCall first(HttpCall call) {
      return call.toBuilder().query(pageParam, queryInt(call, pageParam, 1)).query(sizeParam, pageSize).build();
    }

    @Override
    public JsonNode items(HttpResult result) {
      return itemsAt(result, itemsField);
    }

    @Override
    public Optional<HttpCall> next(Page page) {
      if (page.items().size() < pageSize) {
        return Optional.empty();
      }
      int number = queryInt(page.call(), pageParam, 1) + 1;
      return Optional.of(page.call().toBuilder().query(pageParam, number).build());
    }
  }

  record Cursor(String bodyField, String queryParam, String itemsField) implements Pagination {
    @Override
    public JsonNode items(HttpResult result) {
      return itemsAt(result, itemsField);
    }

    @Override
    public Optional<HttpCall> next(Page page) {
      JsonNode body = page.result().body();
      JsonNode token = bodyField.startsWith("/") ? body.at(bodyField) : body.path(bodyField);
      if (body.path("isLast").asBoolean(false) || !token.isValueNode() || token.asText().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(page.call().toBuilder().query(queryParam, token.asText()).build());
    }
  }

  record StartAt(int pageSize, String itemsField) implements Pagination {
    @Override
    public HttpCall first(HttpCall call) {
      return call.toBuilder().query("startAt", queryInt(call, "startAt", 0)).query("maxResults", pageSize).build();
    }

    @Override
    public JsonNode items(HttpResult result) {
      return itemsAt(result, itemsField);
    }

    @Override
    public Optional<HttpCall> next(Page page) {
      JsonNode body = page.result().body();
      int count = page.items().size();
      int startAt = body.path("startAt").asInt(queryInt(page.call(), "startAt", 0));
      int next = startAt + count;
      JsonNode total = body.get("total");
      if (count == 0 || body.path("isLast").asBoolean(false)
          || (total != null && total.canConvertToInt() && next >= total.asInt())) {
        return Optional.empty();
      }
      return Optional.of(page.call().toBuilder().query("startAt", next).build());
    }
  }
}
