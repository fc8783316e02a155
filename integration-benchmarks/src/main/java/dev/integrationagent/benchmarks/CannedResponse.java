package dev.integrationagent.benchmarks;

import java.nio.charset.StandardCharsets;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Answers every request with the same JSON, without touching the network. */
final class CannedResponse implements Interceptor {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final byte[] body;
  private final Headers headers;

  CannedResponse(String body) {
    this.body = body.getBytes(StandardCharsets.UTF_8);
    this.headers = Headers.of(
        "Content-Type", "application/json; charset=utf-8",
        "x-ratelimit-limit", "5000",
        "x-ratelimit-remaining", "4999",
        "x-ratelimit-reset", Long.toString(System.currentTimeMillis() / 1000 + 3600));
  }

  @Override
  public Response intercept(Chain chain) {
    return new Response.Builder()
        .request(chain.request())
        .protocol(Protocol.HTTP_1_1)
        .code(200)
        .message("OK")
        .headers(headers)
        .body(ResponseBody.create(body, JSON))
        .build();
  }
}
