package dev.integrationagent.http;

import dev.integrationagent.api.ErrorCategory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.annotation.Nullable;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports each attempt to the listeners, after classification has decided what it was. */
final class EventsInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(EventsInterceptor.class);

  private final String connectionId;
  private final List<HttpCallListener> listeners;
  private final Clock clock;

  EventsInterceptor(String connectionId, List<HttpCallListener> listeners, Clock clock) {
    this.connectionId = connectionId;
    this.listeners = List.copyOf(listeners);
    this.clock = clock;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    CallContext call = CallContexts.of(request);
    long start = System.nanoTime();
    try {
      Response response = chain.proceed(request);
      emit(request, call, call.cacheHit ? 304 : response.code(), start, null);
      return response;
    } catch (HttpException e) {
      emit(request, call, e.status(), start, e.category());
      throw e;
    } catch (IOException | RuntimeException e) {
      emit(request, call, 0, start, ErrorCategory.PERMANENT);
      throw e;
    }
  }

  private void emit(Request request, CallContext call, int status, long start, @Nullable ErrorCategory category) {
    if (listeners.isEmpty() && !log.isDebugEnabled()) {
      return;
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - start);
    HttpCallEvent event = new HttpCallEvent(clock.instant(), connectionId, request.method(),
        call.pathTemplate, status, duration, call.attempt, category, call.cacheHit,
        RunScope.currentPlanId(), RunScope.currentRunId());
    log.debug("{}: {} {} -> {} in {} ms (attempt {}{}{})", connectionId, request.method(),
        call.pathTemplate, status, duration.toMillis(), call.attempt,
        category == null ? "" : ", " + category, call.cacheHit ? ", cache hit" : "");
    for (HttpCallListener listener : listeners) {
      try {
        listener.onCall(event);
      } catch (RuntimeException e) {
        log.warn("{}: an HTTP call listener failed ({}); the call is unaffected", connectionId, e.getClass().getName());
      }
    }
  }
}
