package dev.integrationagent.api;

import java.util.List;

/**
 * Invalid configuration, reported with every problem found rather than just the first. Thrown by
 * {@code IntegrationAgent.Builder.build()} and by loaders of mapping and workflow documents.
 *
 * <p>Each problem names where it is ({@code connections.github: ...}) and what is wrong.
 */
public final class ConfigurationException extends IntegrationException {
  private static final long serialVersionUID = 1L;

  private final String summary;
  private final List<String> problems;

  /**
   * @param summary what could not be configured ({@code "invalid integration agent configuration"})
   * @param problems at least one; each starts with the setting it is about ({@code "pageSize: ..."})
   */
  public ConfigurationException(String summary, List<String> problems) {
    super(ErrorCategory.CONFIGURATION, format(summary, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
    }
    this.summary = summary;
    this.problems = List.copyOf(problems);
  }

  /** What could not be configured, without the problems. */
  public String summary() {
    return summary;
  }

  /**
   * Every problem found, each naming where it is: the setting, prefixed by the connection or plan
   * it belongs to ({@code "plans.github-jira.pageSize: must be between 1 and 1000, was 0"}).
   */
  public List<String> problems() {
    return problems;
  }

  private static String format(String summary, List<String> problems) {
    StringBuilder out = new StringBuilder(summary).append(" (").append(problems.size())
        .append(problems.size() == 1 ? " problem)" : " problems)");
    for (String problem : problems) {
      out.append("\n  - ").append(problem);
    }
    return out.toString();
  }
}
