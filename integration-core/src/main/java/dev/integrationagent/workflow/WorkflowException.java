package dev.integrationagent.workflow;

import java.util.List;

/** A workflow document that cannot run, with every problem by JSON path. */
public final class WorkflowException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final List<String> problems;

  public WorkflowException(String source, List<String> problems) {
    super("invalid workflow " + source + ":\n  " + String.join("\n  ", problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** Where the document came from (a file, or "the document"). */
  public String source() {
    return source;
  }

  /** Each problem, starting with its JSON path ({@code $.nodes[2].params.if: ...}). */
  public List<String> problems() {
    return problems;
  }
}
