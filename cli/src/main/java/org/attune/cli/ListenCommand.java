package org.attune.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.attune.client.AttuneClient;
import org.attune.client.AttuneException;
import org.attune.client.ClientListener;
import org.attune.client.ClockSync;
import org.attune.client.stream.AudioOutput;
import org.attune.client.stream.LineOutput;
import org.attune.client.stream.StreamPlayer;
import org.attune.client.stream.WavFileOutput;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SessionEnded;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code attune listen}: joins a group as a listener and plays its live stream on this machine's
 * sound device, or writes it to a WAV file; prints the jitter buffer's figures every few seconds.
 *
 * <p>Thread: picocli's calling thread waits and prints; the client's threads receive, the stream
 * player's thread decodes and plays.
 */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = "Join a group as a listener and hear its live stream (or write it to a file).")
public final class ListenCommand implements Callable<Integer> {

  private static final long JOIN_SECONDS = 10;
  private static final long REPORT_SECONDS = 5;

  @Parameters(index = "0", paramLabel = "CODE", description = "The group's join code.")
  String code;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Server address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "7400",
      description = "Server port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--name",
      defaultValue = "listener",
      description = "Your name in the group (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--out",
      paramLabel = "FILE.wav",
      description = "Write the stream to this WAV file instead of playing it.")
  Path out;

  @Option(
      names = "--device",
      description = "Play on the sound device whose name contains this (default: the system's).")
  String device;

  @Option(
      names = "--frame-ms",
      defaultValue = "20",
      description = "Opus frame duration, 10 or 20 ms (default: ${DEFAULT-VALUE}).")
  int frameMillis;

  @Option(
      names = "--udp",
      description =
          "Receive the frames as UDP datagrams (less latency; TCP until UDP gets through).")
  boolean udp;

  @Option(
      names = "--buffer-ms",
      description =
          "Playout delay: how long after its server time a frame plays (default: the frame + 4 ms).")
  Integer bufferMillis;

  @Option(names = "--duration", description = "Stop after this many seconds (default: Ctrl-C).")
  Long durationSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (frameMillis != 10 && frameMillis != 20) {
      err.println("--frame-ms is 10 or 20, not " + frameMillis);
      err.flush();
      return 2;
    }
    AudioOutput output;
    try {
      output = out != null ? WavFileOutput.create(out) : LineOutput.open(device);
    } catch (IOException e) {
      err.println(out != null ? "cannot write " + out + ": " + e.getMessage() : e.getMessage());
      err.flush();
      return 1;
    }
    try (AttuneClient client = AttuneClient.connect(host, port)) {
      CompletableFuture<String> ended = new CompletableFuture<>();
      client.addListener(
          new ClientListener() {
            @Override
            public void onSessionEnded(SessionEnded e) {
              ended.complete(e.getReason());
            }

            @Override
            public void onDisconnected() {
              ended.complete("The connection to the server closed.");
            }
          });
      client.join(code, name, "listener", Role.LISTENER, null).get(JOIN_SECONDS, TimeUnit.SECONDS);
      try {
        client.awaitClockSync(ClockSync.MIN_SYNC_SAMPLES * 2).get(JOIN_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // Play on the estimate there is.
      }
      long delay =
          bufferMillis != null
              ? bufferMillis * 1_000L
              : StreamPlayer.defaultPlayoutDelayMicros(frameMillis);
      AudioOutput owned = output;
      // The player owns the output from here on, and closes it (also if the server refuses).
      output = null;
      StreamPlayer player =
          client.listen(frameMillis, udp, owned, delay).get(JOIN_SECONDS, TimeUnit.SECONDS);
      stdout.println(
          "Listening to the group ("
              + frameMillis
              + " ms Opus frames over "
              + (udp ? "UDP" : "TCP")
              + ", played "
              + delay / 1_000
              + " ms after their server time) "
              + (out != null ? "into " + out : "on the sound device")
              + "; Ctrl-C stops.");
      stdout.flush();
      Thread leave = new Thread(client::leave, "attune-leave");
      Runtime.getRuntime().addShutdownHook(leave);
      long deadline =
          durationSeconds == null
              ? Long.MAX_VALUE
              : System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
      while (!ended.isDone() && System.nanoTime() - deadline < 0 && player.failure() == null) {
        long wait = Math.min(REPORT_SECONDS * 1_000, (deadline - System.nanoTime()) / 1_000_000);
        try {
          ended.get(Math.max(1, wait), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          report(stdout, player.stats());
        }
      }
      report(stdout, player.stats());
      if (ended.isDone()) {
        stdout.println(ended.getNow(""));
      }
      stdout.flush();
      try {
        Runtime.getRuntime().removeShutdownHook(leave);
      } catch (IllegalStateException e) {
        // Shutting down: the hook runs.
      }
      client.stopListening();
      client.leave();
      if (player.failure() != null) {
        err.println("the stream stopped: " + player.failure().getMessage());
        err.flush();
        return 1;
      }
      return 0;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      err.println(
          "could not listen: " + (cause instanceof AttuneException a ? a.getMessage() : cause));
      err.flush();
      return 1;
    } catch (TimeoutException e) {
      err.println("could not listen: the server did not answer");
      err.flush();
      return 1;
    } catch (IOException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      if (output != null) {
        try {
          output.close();
        } catch (IOException e) {
          err.println("closing the output: " + e.getMessage());
        }
      }
    }
  }

  private static void report(PrintWriter out, StreamPlayer.Stats s) {
    out.printf(
        "stream: %d frames played, %d lost (concealed), %d late, %d buffered; arrival after"
            + " server time mean %.1f ms, max %.1f ms%n",
        s.played(),
        s.lost(),
        s.late(),
        s.buffered(),
        s.meanArrivalMicros() / 1_000.0,
        s.maxArrivalMicros() / 1_000.0);
    out.flush();
  }
}
