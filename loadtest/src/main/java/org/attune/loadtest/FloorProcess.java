package org.attune.loadtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.attune.loadtest.floor.FloorRelayServer;
import org.attune.loadtest.server.ProcessProbe;

/**
 * The floor relay in a child JVM of its own (the same class path as the load test), so that, like
 * the Attune server, it does not share a JVM with the load generator. It stops when its stdin
 * closes.
 *
 * <p>Thread-safe: yes.
 */
final class FloorProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private FloorProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static FloorProcess start(List<String> jvmArgs, int ioThreads) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            FloorRelayServer.class.getName(),
            "0",
            Integer.toString(ioThreads)));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("port ")) {
      process.destroyForcibly();
      throw new IOException("the floor relay did not start: " + line);
    }
    return new FloorProcess(process, Integer.parseInt(line.substring(5).trim()));
  }

  int port() {
    return port;
  }

  /** CPU time of the relay's process so far, in nanoseconds. */
  long cpuNanos() {
    return new ProcessProbe(process.pid()).cpuNanos();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
