package dev.integrationagent.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java block of README's "Embedding the agent" section, read from README.md, compiled as it
 * stands (its imports on top, the rest as the body of a method whose parameters are the values
 * the README says the host supplies) and run against the test kit's fake GitHub and Jira.
 */
class EmbeddingSnippetTest {
  private static final String SECTION = "## Embedding the agent";
  private static final String PARAMETERS = "java.nio.file.Path dataDir, String githubUrl, String githubToken, "
      + "String jiraUrl, String jiraProject, String jiraEmail, String jiraApiToken";

  @TempDir Path work;

  @Test
  void theReadmeSnippetCompilesAndSyncsGitHubIntoJira() throws Exception {
    Method run = compile(snippet(Files.readString(Path.of("..", "README.md"))));
    Path dataDir = work.resolve("data");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try (FakeGitHub github = FakeGitHub.start(Clock.systemUTC(), "acme/app");
        FakeJira jira = FakeJira.start(Clock.systemUTC())) {
      github.createIssue("Printer on fire", "Third floor, since 9:00");
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      try {
        run.invoke(null, dataDir, github.url(), github.token(), jira.url(), jira.projectKey(), jira.email(),
            jira.apiToken());
      } finally {
        System.setOut(stdout);
      }
      String printed = out.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("github-jira"), printed);
      assertTrue(printed.contains("health: UP"), printed);
      assertEquals(1, jira.issueCount(), "the GitHub issue, created in Jira once");
      String audit = Files.readString(dataDir.resolve("audit.jsonl"));
      assertTrue(audit.contains("\"operation\":\"item.created\""), audit);
      try (var stored = Files.list(dataDir)) {
        assertTrue(stored.anyMatch(f -> f.getFileName().toString().startsWith("agent")), "the H2 store under dataDir");
      }
    }
  }

  /** The first Java block after the section heading, as a compilable class. */
  static String snippet(String readme) {
    int section = readme.indexOf(SECTION);
    assertTrue(section >= 0, "README.md has no '" + SECTION + "' section");
    int open = readme.indexOf("```java\n", section);
    assertTrue(open >= 0, "no ```java block after " + SECTION);
    int close = readme.indexOf("\n```", open + 8);
    List<String> imports = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (String line : readme.substring(open + 8, close).split("\n", -1)) {
      if (line.startsWith("import ")) {
        imports.add(line);
      } else {
        body.append("    ").append(line).append('\n');
      }
    }
    return "package readme;\n\n" + String.join("\n", imports) + "\n\n"
        + "public final class EmbeddingSnippet {\n"
        + "  public static void run(" + PARAMETERS + ") throws Exception {\n"
        + body
        + "  }\n}\n";
  }

  private Method compile(String source) throws IOException, ReflectiveOperationException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "tests run on a JDK");
    Path classes = Files.createDirectories(work.resolve("classes"));
    StringWriter errors = new StringWriter();
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///readme/EmbeddingSnippet.java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      List<String> options = List.of("--release", "17", "-Xlint:all", "-Werror", "-proc:none",
          "-classpath", testClassPath(), "-d", classes.toString());
      boolean compiled = javac.getTask(errors, files, null, options, null, List.of(file)).call();
      assertTrue(compiled, "README's snippet does not compile:\n" + errors + "\n" + source);
    }
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    return loader.loadClass("readme.EmbeddingSnippet").getMethod("run", Path.class, String.class, String.class,
        String.class, String.class, String.class, String.class);
  }

  /** Surefire runs the tests from a manifest-only jar and names the real class path in a property. */
  private static String testClassPath() {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    assertTrue(path.contains("integration-core") && path.contains("integration-connectors"),
        "the test class path names core and connectors: " + path);
    return path;
  }
}
