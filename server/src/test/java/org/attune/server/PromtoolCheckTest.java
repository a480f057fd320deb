package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetTempo;
import org.attune.server.group.Group;
import org.junit.jupiter.api.Test;

/**
 * Checks a real scrape, taken after members played, with Prometheus' own linter: Debian's {@code
 * promtool check metrics} (package {@code prometheus}, which {@code .ci/run} installs).
 */
class PromtoolCheckTest {

  @Test
  void theScrapePassesPromtoolsLint() throws Exception {
    String text;
    // With sound, so that the render path's meters are linted too.
    try (AttuneServer server =
        AttuneServer.start(ServerConfig.onFreePorts().withSound(SoundConfig.builtIn()))) {
      Group group = server.groups().create("lint");
      try (TcpPeer facilitator = new TcpPeer(server.tcpPort());
          TcpPeer player = new TcpPeer(server.tcpPort())) {
        facilitator.join(group.joinCode(), "Therapist", Role.FACILITATOR, group.facilitatorKey());
        player.join(group.joinCode(), "P1", Role.PARTICIPANT, "");
        player.send(
            ClientMessage.newBuilder()
                .setGesture(Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(2))));
        facilitator.await(ServerMessage::hasGesture);
        player.send(
            ClientMessage.newBuilder()
                .setCommand(
                    FacilitatorCommand.newBuilder().setTempo(SetTempo.newBuilder().setBpm(120))));
        player.await(ServerMessage::hasError);
        text = Scrape.of(server).text;
      }
    }
    assertThat(text)
        .contains(
            "attune_gestures_received_total",
            "attune_render_seconds_bucket",
            "attune_render_underruns_total",
            "attune_voices_active");

    Process promtool;
    try {
      promtool =
          new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(
          "promtool is not installed; install Debian's prometheus package "
              + "(apt-get install prometheus), as .ci/run does",
          e);
    }
    try (OutputStream stdin = promtool.getOutputStream()) {
      stdin.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!promtool.waitFor(30, TimeUnit.SECONDS)) {
      promtool.destroyForcibly();
      fail("promtool did not finish within 30 s");
    }
    assertThat(output).as("promtool's findings").isEmpty();
    assertThat(promtool.exitValue()).as("promtool's exit code; it said: %s", output).isZero();
  }
}
