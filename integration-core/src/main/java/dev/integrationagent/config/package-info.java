/**
 * Owns the agent's configuration document: its JSON Schema (shipped as
 * {@code /dev/integrationagent/config/agent.schema.json}), reading YAML or JSON with the line and
 * column of every value, and resolving secret references ({@code ${env:NAME}}, {@code ${file:/path}},
 * or a host's {@link dev.integrationagent.config.SecretResolver}). The facade's
 * {@code IntegrationAgent.fromConfig} builds the agent from it.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.config;

import javax.annotation.ParametersAreNonnullByDefault;
