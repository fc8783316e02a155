package dev.integrationagent.http;

import dev.integrationagent.api.ErrorCategory;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** Caps concurrent calls on the connection with a resilience4j semaphore bulkhead. */
final class BulkheadInterceptor implements Interceptor {
  private final String connectionId;
  private final Bulkhead bulkhead;

  BulkheadInterceptor(String connectionId, int maxConcurrentCalls, Duration maxWait) {
    this.connectionId = connectionId;
    this.bulkhead = Bulkhead.of(connectionId, BulkheadConfig.custom()
        .maxConcurrentCalls(maxConcurrentCalls)
        .maxWaitDuration(maxWait)
        .fairCallHandlingStrategyEnabled(true)
        .writableStackTraceEnabled(false)
        .build());
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!bulkhead.tryAcquirePermission()) {
      String message = connectionId + ": " + request.method() + " " + CallContexts.of(request).pathTemplate
          + " not attempted: all " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
          + " concurrent-call slots stayed busy for " + bulkhead.getBulkheadConfig().getMaxWaitDuration().toSeconds()
          + " s. Raise maxConcurrentCalls or make fewer calls at once.";
      throw new HttpException(ErrorCategory.TRANSIENT, connectionId, message, 0, null, List.of(), null);
    }
    try {
      return chain.proceed(request);
    } finally {
      bulkhead.onComplete();
    }
  }
}
