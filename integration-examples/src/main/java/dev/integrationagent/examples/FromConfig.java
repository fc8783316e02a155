package dev.integrationagent.examples;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.SyncReport;
import dev.integrationagent.config.SecretResolver;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The third part of the quickstart: the same GitHub to Jira agent built from one YAML document,
 * {@code github-jira.agent.yaml}, written into the data folder with the fake servers' addresses.
 * The tokens are resolved as {@code ${env:…}} references, here from the fakes as an environment
 * would give them.
 */
final class FromConfig {
  private FromConfig() {}

  static SyncReport run(Path data, PrintStream out) {
    try (FakeGitHub github = FakeGitHub.start(Clock.systemUTC()); FakeJira jira = FakeJira.start(Clock.systemUTC())) {
      github.createIssue("Export to PDF drops the footer", "Seen on every invoice since 2.4.");
      github.createIssue("Dark mode for the dashboard", null);
      String document = template().replace("{{github}}", github.url()).replace("{{repository}}", github.repository())
          .replace("{{jira}}", jira.url()).replace("{{project}}", jira.projectKey()).replace("{{email}}", jira.email());
      Path file = data.resolve("github-jira.agent.yaml");
      Files.createDirectories(data);
      Files.writeString(file, document, StandardCharsets.UTF_8);
      Map<String, String> environment = Map.of("GITHUB_TOKEN", github.token(), "JIRA_API_TOKEN", jira.apiToken());
      SecretResolver env = (scheme, name) -> scheme.equals("env") ? Optional.ofNullable(environment.get(name))
          : Optional.empty();
      out.println("From a configuration file: " + data.relativize(file).toString().replace('\\', '/')
          + " (GitHub -> Jira, tokens from ${env:GITHUB_TOKEN} and ${env:JIRA_API_TOKEN})");
      try (IntegrationAgent agent = IntegrationAgent.fromConfig(file, env)) {
        SyncReport report = agent.syncNow("github-jira");
        out.println("  " + report.summary());
        out.println("  " + agent.health().summary().replace("\n", "\n  "));
        return report;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String template() throws IOException {
    try (InputStream in = FromConfig.class.getResourceAsStream("/github-jira.agent.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
