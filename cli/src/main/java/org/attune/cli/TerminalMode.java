package org.attune.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Puts the controlling terminal into cbreak mode (each key arrives at once, unechoed) with {@code
 * stty}, and puts it back as it was on {@link #close()}.
 *
 * <p>Thread-safe: {@link #close()} may be called twice (normal exit and shutdown hook); the second
 * call does nothing.
 */
final class TerminalMode implements AutoCloseable {

  private static final File TTY = new File("/dev/tty");

  private final String saved;
  private boolean restored;

  private TerminalMode(String saved) {
    this.saved = saved;
  }

  /** Cbreak mode on the terminal, or empty when there is none (input is a pipe or a file). */
  static Optional<TerminalMode> cbreak() {
    if (System.console() == null || !TTY.exists()) {
      return Optional.empty();
    }
    try {
      String saved = stty("-g").strip();
      stty("-icanon", "-echo", "min", "1");
      return Optional.of(new TerminalMode(saved));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public synchronized void close() {
    if (restored) {
      return;
    }
    restored = true;
    try {
      stty(saved);
    } catch (IOException e) {
      System.err.println("could not restore the terminal; type \"stty sane\"");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String stty(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "stty";
    System.arraycopy(args, 0, command, 1, args.length);
    Process process =
        new ProcessBuilder(command)
            .redirectInput(TTY)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("stty failed");
    }
    return output;
  }
}
