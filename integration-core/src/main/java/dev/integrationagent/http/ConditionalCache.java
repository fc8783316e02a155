package dev.integrationagent.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.Nullable;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Remembers GET responses that carried an {@code ETag} or {@code Last-Modified} and revalidates
 * them with {@code If-None-Match} / {@code If-Modified-Since}; a 304 is answered with the
 * remembered body and marked as a cache hit. Many tools do not count 304s against the rate limit,
 * which is why polling goes through here. Least-recently-used entries are dropped.
 */
final class ConditionalCache implements Interceptor {
  private static final int MAX_BODY_BYTES = 1 << 20;

  private record Entry(@Nullable String etag, @Nullable String lastModified, Headers headers, byte[] body,
      @Nullable MediaType type) {}

  private final Map<String, Entry> entries;

  ConditionalCache(int maxEntries) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!"GET".equals(request.method())) {
      return chain.proceed(request);
    }
    String key = request.url().toString();
    Entry cached;
    synchronized (entries) {
      cached = entries.get(key);
    }
    Request sent = request;
    if (cached != null) {
      Request.Builder b = request.newBuilder();
      if (cached.etag() != null) {
        b.header("If-None-Match", cached.etag());
      }
      if (cached.lastModified() != null) {
        b.header("If-Modified-Since", cached.lastModified());
      }
      sent = b.build();
    }
    Response response = chain.proceed(sent);
    if (response.code() == 304 && cached != null) {
      response.close();
      CallContexts.of(request).cacheHit = true;
      // RFC 9111 4.3.4: the stored headers (a Link to the next page, say), updated by the 304's
      Headers.Builder headers = cached.headers().newBuilder();
      for (String name : response.headers().names()) {
        if (name.equalsIgnoreCase("Content-Length")) {
          continue; // describes the empty 304, not the stored body
        }
        headers.removeAll(name);
        response.headers(name).forEach(v -> headers.add(name, v));
      }
      return response.newBuilder()
          .headers(headers.build())
          .request(request)
          .code(200)
          .message("OK (not modified)")
          .body(ResponseBody.create(cached.body(), cached.type()))
          .build();
    }
    String etag = response.header("ETag");
    String lastModified = response.header("Last-Modified");
    if (response.code() != 200 || (etag == null && lastModified == null)) {
      return response;
    }
    ResponseBody body = response.body();
    MediaType type = body.contentType();
    byte[] bytes = body.bytes();
    if (bytes.length <= MAX_BODY_BYTES) {
      Entry entry = new Entry(etag, lastModified, response.headers(), bytes, type);
      // kept only once the classification step parsed the body: a body without a length that was
      // cut off in transit reads like a whole one here
      CallContexts.of(request).remember = () -> {
        synchronized (entries) {
          entries.put(key, entry);
        }
      };
    }
    return response.newBuilder().body(ResponseBody.create(bytes, type)).build();
  }
}
