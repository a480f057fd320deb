package org.attune.server.journal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code midicsv}, the independent reader of the exported files: runs it and parses its
 * lines ({@code track, tick, type, fields...}).
 *
 * <p>Without midicsv a test is skipped with a message, except in CI ({@code CI=true}), where {@code
 * .ci/run} installs it and its absence fails the test.
 */
final class Midicsv {

  /** One line of midicsv's output. */
  record Event(int track, long tick, String type, List<String> fields) {
    String field(int i) {
      return fields.get(i);
    }

    int number(int i) {
      return Integer.parseInt(fields.get(i));
    }

    /** The text of a text-like event, its quotes removed. */
    String text() {
      String t = String.join(", ", fields);
      return t.substring(1, t.length() - 1);
    }
  }

  private Midicsv() {}

  /** Skips (or, in CI, fails) the calling test if midicsv is not installed. */
  static void requireInstalled() {
    boolean installed;
    try {
      Process p = new ProcessBuilder("midicsv", "-u").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      installed = p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      installed = false;
    }
    if (!installed && "true".equals(System.getenv("CI"))) {
      fail("midicsv is not installed, and CI must run this test (.ci/run installs it)");
    }
    assumeTrue(installed, "midicsv is not installed (apt-get install midicsv; .ci/run does)");
  }

  /** midicsv's reading of {@code midi}. */
  static List<Event> read(Path midi) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("midicsv", midi.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("midicsv's exit code; it said:%n%s", out).isZero();
    List<Event> events = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split(",\\s*", -1);
      List<String> fields = new ArrayList<>();
      for (int i = 3; i < parts.length; i++) {
        fields.add(parts[i].trim());
      }
      events.add(
          new Event(
              Integer.parseInt(parts[0].trim()),
              Long.parseLong(parts[1].trim()),
              parts[2].trim(),
              fields));
    }
    return events;
  }
}
