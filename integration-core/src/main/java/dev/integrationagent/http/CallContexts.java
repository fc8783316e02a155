package dev.integrationagent.http;

import okhttp3.Request;

/** Finds the {@link CallContext} of a request; requests made around the pipeline get a default. */
final class CallContexts {
  private CallContexts() {}

  static CallContext of(Request request) {
    CallContext call = request.tag(CallContext.class);
    return call != null ? call : new CallContext(request.url().encodedPath(), false);
  }
}
