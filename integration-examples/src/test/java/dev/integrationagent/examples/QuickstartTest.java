package dev.integrationagent.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.integrationagent.SyncReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
  @TempDir Path data;

  @Test
  void firstRunCreatesTheDemoItemsAndTheSecondContinuesWithNothingToDo() {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    SyncReport created = Quickstart.run(data, new PrintStream(first, true, StandardCharsets.UTF_8));
    assertEquals(4, created.created());
    String firstOutput = first.toString(StandardCharsets.UTF_8);
    assertTrue(firstOutput.contains("4 created"), firstOutput);
    assertTrue(firstOutput.contains("item.created"), firstOutput);

    ByteArrayOutputStream second = new ByteArrayOutputStream();
    SyncReport again = Quickstart.run(data, new PrintStream(second, true, StandardCharsets.UTF_8));
    assertEquals(0, again.created() + again.updated() + again.failed());
    String secondOutput = second.toString(StandardCharsets.UTF_8);
    assertTrue(secondOutput.contains("continuing from an earlier run"), secondOutput);
    assertTrue(secondOutput.contains("Nothing new to sync"), secondOutput);
  }
}
