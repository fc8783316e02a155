package dev.integrationagent.audit;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How a rotated audit file is named beside the live one: {@code audit.jsonl} becomes
 * {@code audit.2026-01-05.1.jsonl}, the day its records were written and the first free number
 * of that day, so that names sort in the order the files were written.
 */
final class AuditFileNames {
  private static final Pattern ROTATED = Pattern.compile("(.+)\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)(\\.[^.]*)?");

  private final Path live;
  private final String stem;
  private final String extension;

  AuditFileNames(Path live) {
    this.live = live;
    String name = live.getFileName().toString();
    int dot = name.lastIndexOf('.');
    this.stem = dot > 0 ? name.substring(0, dot) : name;
    this.extension = dot > 0 ? name.substring(dot) : "";
  }

  /** The live file of {@code file}: itself, or the one it was rotated from. */
  static Path liveOf(Path file) {
    Matcher m = ROTATED.matcher(file.getFileName().toString());
    return m.matches() ? file.resolveSibling(m.group(1) + (m.group(4) == null ? "" : m.group(4))) : file;
  }

  static boolean rotated(Path file) {
    return ROTATED.matcher(file.getFileName().toString()).matches();
  }

  /** A free name for the live file's records of {@code day}. */
  Path next(LocalDate day) {
    for (int n = 1; ; n++) {
      Path candidate = live.resolveSibling(stem + "." + day + "." + n + extension);
      if (!Files.exists(candidate)) {
        return candidate;
      }
    }
  }

  /** The files rotated from the live one, oldest first. */
  List<Path> rotated() {
    Path dir = live.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> {
        Matcher m = ROTATED.matcher(f.getFileName().toString());
        if (m.matches() && m.group(1).equals(stem) && (m.group(4) == null ? "" : m.group(4)).equals(extension)) {
          out.add(f);
        }
      });
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.TRANSIENT, "cannot list the audit files beside " + live, e);
    }
    out.sort(Comparator.comparing((Path f) -> day(f)).thenComparing(AuditFileNames::number));
    return out;
  }

  /** The rotated files, then the live one. */
  List<Path> sequence() {
    List<Path> out = new ArrayList<>(rotated());
    out.add(live.toAbsolutePath());
    return out;
  }

  private static String day(Path f) {
    Matcher m = ROTATED.matcher(f.getFileName().toString());
    return m.matches() ? m.group(2) : "";
  }

  private static long number(Path f) {
    Matcher m = ROTATED.matcher(f.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(3)) : 0;
  }
}
