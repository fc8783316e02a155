/**
 * Owns the HTTP pipeline every connector talks through: one OkHttp interceptor chain per
 * connection with authentication, rate limiting (static and adaptive), a bulkhead, a circuit
 * breaker, retries with full-jitter backoff, error classification into
 * {@link dev.integrationagent.api.ErrorCategory}, call events, conditional GETs, pagination and
 * redaction. Start at {@link dev.integrationagent.http.HttpPipeline}; connector authors extend
 * {@link dev.integrationagent.http.RestConnectorSupport}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.http;

import javax.annotation.ParametersAreNonnullByDefault;
