package dev.integrationagent.http;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.auth.AuthStrategy;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the connection's {@link AuthStrategy}. On a 401 it asks the strategy once to obtain new
 * credentials (an OAuth refresh) and, if it did, replays the request once with them; a second 401
 * stands. A strategy that fails to obtain credentials fails the call as AUTHENTICATION.
 */
final class AuthInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(AuthInterceptor.class);

  private final String connectionId;
  private final AuthStrategy auth;

  AuthInterceptor(String connectionId, AuthStrategy auth) {
    this.connectionId = connectionId;
    this.auth = auth;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request original = chain.request();
    Request authenticated = authenticate(original);
    try {
      return chain.proceed(authenticated);
    } catch (HttpException e) {
      if (e.status() != 401 || !auth.refreshAfterUnauthorized(new OkHttpAuthRequest(authenticated))) {
        throw e;
      }
      log.info("{}: {} {} got 401; credentials refreshed ({}), replaying once", connectionId,
          original.method(), CallContexts.of(original).pathTemplate, auth.describe());
      return chain.proceed(authenticate(original));
    }
  }

  private Request authenticate(Request request) {
    OkHttpAuthRequest adapter = new OkHttpAuthRequest(request);
    try {
      auth.apply(adapter);
    } catch (IntegrationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IntegrationException(ErrorCategory.AUTHENTICATION, connectionId,
          connectionId + ": the auth strategy '" + auth.describe() + "' failed to authenticate "
              + request.method() + " " + CallContexts.of(request).pathTemplate + " ("
              + e.getClass().getSimpleName() + "). Check this connection's credentials.", null);
    }
    return adapter.build();
  }
}
