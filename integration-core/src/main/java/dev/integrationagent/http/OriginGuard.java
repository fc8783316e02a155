package dev.integrationagent.http;

import dev.integrationagent.api.ErrorCategory;
import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A network interceptor that stops a redirect to another origin. OkHttp drops
 * {@code Authorization} on such redirects, but not an API-key header or query parameter, so the
 * pipeline refuses to follow them at all rather than send a credential to a host it was never
 * configured for.
 */
final class OriginGuard implements Interceptor {
  private final String connectionId;
  private final HttpUrl origin;
  private final Redactor redactor;

  OriginGuard(String connectionId, HttpUrl origin, Redactor redactor) {
    this.connectionId = connectionId;
    this.origin = origin;
    this.redactor = redactor;
  }

  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!sameOrigin(request.url(), origin)) {
      String message = connectionId + ": " + request.method() + " " + CallContexts.of(request).pathTemplate
          + " was redirected to another origin ('" + redactor.url(request.url())
          + "'); refusing to send this connection's credentials there. Check the base URL ("
          + origin.host() + ").";
      throw new HttpException(ErrorCategory.PERMANENT, connectionId, message, 0, null, List.of(), null);
    }
    return chain.proceed(request);
  }
}
