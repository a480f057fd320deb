package org.attune.audio.ogg;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an independent reader of Ogg Opus files (opusinfo, ffprobe) and returns what it prints. */
final class ExternalTool {

  private ExternalTool() {}

  /** Whether {@code tool} is on PATH. */
  static boolean installed(String tool) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (new java.io.File(dir, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** Skips the calling test unless {@code tool} is on PATH. */
  static void assumeInstalled(String tool) {
    assumeTrue(installed(tool), tool + " is not on PATH");
  }

  /** Runs {@code tool} with {@code arguments}; its exit code and output (stderr too). */
  static Result run(String tool, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(tool + " did not finish in 30 s");
    }
    return new Result(process.exitValue(), output);
  }

  record Result(int exit, String output) {}
}
