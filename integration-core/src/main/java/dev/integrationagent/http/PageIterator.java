package dev.integrationagent.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.IntegrationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.annotation.Nullable;

/** Fetches the next page only when asked for it. */
final class PageIterator implements Iterator<Page> {
  private final HttpPipeline pipeline;
  private final Pagination pagination;
  private @Nullable HttpCall next;
  private int number;

  PageIterator(HttpPipeline pipeline, HttpCall first, Pagination pagination) {
    this.pipeline = pipeline;
    this.pagination = pagination;
    this.next = first;
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public Page next() {
    HttpCall call = next;
    if (call == null) {
      throw new NoSuchElementException("no further page");
    }
    next = null;
    HttpResult result = pipeline.execute(call);
    JsonNode items;
    try {
      items = pagination.items(result);
    } catch (IntegrationException e) {
      throw e.connectionId() != null ? e : new IntegrationException(e.category(), pipeline.connectionId(),
          pipeline.connectionId() + ": " + call + ": " + e.getMessage(), null);
    }
    Page page = new Page(++number, call, result, items);
    Optional<HttpCall> following = pagination.next(page);
    next = following.orElse(null);
    return page;
  }
}
