/**
 * The audit trail: one event per write and per notable step, delivered to every configured sink.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.api.audit;

import javax.annotation.ParametersAreNonnullByDefault;
