package dev.integrationagent.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Optional;

/**
 * How a listing is split into pages: where a page's items are and how to ask for the next page.
 * The built-ins cover the styles of the tools we talk to; implement it for anything else.
 *
 * <pre>{@code
 * Pagination github = Pagination.linkHeader("");                          // Link: <…>; rel="next"
 * Pagination redmine = Pagination.offsetLimit("offset", "limit", 100, "issues");
 * Pagination gitlab = Pagination.pageNumber("page", "per_page", 100, "");
 * Pagination jiraSearch = Pagination.cursor("nextPageToken", "nextPageToken", "issues");
 * Pagination jiraList = Pagination.startAt(50, "values");
 * pipeline.items(HttpCall.get("/issues.json").build(), redmine).forEach(this::handle);
 * }</pre>
 */
public interface Pagination {
  /** The first call, with page-size parameters added. */
  default HttpCall first(HttpCall call) {
    return call;
  }

  /** The items of a page as a JSON array. */
  JsonNode items(HttpResult result);

  /** The call for the page after {@code page}, or empty when it was the last. */
  Optional<HttpCall> next(Page page);

  /**
   * RFC 8288 {@code Link} header with {@code rel="next"}. A page revalidated from the
   * conditional cache (a 304) carries the {@code Link} stored with it, which may be stale: a
   * tool that sends no {@code Link} on a 304 leaves the page that was last when cached marked
   * last for good. Use {@link #linkHeader(String, String, String)} where the tool pages by number.
   */
  static Pagination linkHeader(String itemsField) {
    return new Paginations.LinkHeader(itemsField, null, null);
  }

  /**
   * RFC 8288 {@code Link} header with {@code rel="next"}, for tools that page by number and size
   * query parameters (GitHub, GitLab: {@code page}, {@code per_page}). A page revalidated from
   * the conditional cache does not decide from its stored {@code Link} that it is the last: when
   * it is full, the next page is asked for by number.
   */
  static Pagination linkHeader(String itemsField, String pageParam, String sizeParam) {
    return new Paginations.LinkHeader(itemsField, pageParam, sizeParam);
  }

  /** Offset and limit query parameters; ends on a short page or at {@code total_count} (Redmine). */
  static Pagination offsetLimit(String offsetParam, String limitParam, int pageSize, String itemsField) {
    return new Paginations.OffsetLimit(offsetParam, limitParam, Paginations.positive(pageSize), itemsField);
  }

  /** A page number starting at 1 and a page size; ends on a short page. */
  static Pagination pageNumber(String pageParam, String sizeParam, int pageSize, String itemsField) {
    return new Paginations.PageNumber(pageParam, sizeParam, Paginations.positive(pageSize), itemsField);
  }

  /** A next-page token in a body field sent back as a query parameter (Jira {@code nextPageToken}). */
  static Pagination cursor(String bodyField, String queryParam, String itemsField) {
    return new Paginations.Cursor(bodyField, queryParam, itemsField);
  }

  /** Jira's {@code startAt}/{@code maxResults}, ending at {@code isLast} or {@code total}. */
  static Pagination startAt(int pageSize, String itemsField) {
    return new Paginations.StartAt(Paginations.positive(pageSize), itemsField);
  }

  /** A JSON array of nothing, for pages without items. */
  static JsonNode noItems() {
    return JsonNodeFactory.instance.arrayNode();
  }
}
