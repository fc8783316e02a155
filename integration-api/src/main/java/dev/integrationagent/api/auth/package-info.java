/**
 * How a request is authenticated, without tying plugins to an HTTP client.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.api.auth;

import javax.annotation.ParametersAreNonnullByDefault;
