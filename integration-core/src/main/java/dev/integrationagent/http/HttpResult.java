package dev.integrationagent.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import okhttp3.Headers;

/**
 * A successful response: status, headers, the parsed JSON body ({@code MissingNode} when empty)
 * and whether it was served from the conditional cache after a 304.
 *
 * <pre>{@code
 * HttpResult r = pipeline.execute(HttpCall.get("/rest/api/3/myself").build());
 * String accountId = r.body().path("accountId").asText();
 * }</pre>
 */
public record HttpResult(int status, Headers headers, JsonNode body, boolean cacheHit) {
  public HttpResult {
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
  }

  /** The first value of a header, case-insensitive. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }
}
