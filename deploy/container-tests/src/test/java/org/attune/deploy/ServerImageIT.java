package org.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.RecordingState;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Welcome;
import org.attune.server.transport.osc.OscPeer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image as it ships, with a real session against it: members join over TCP (the Java client
 * library) and OSC (UDP), hear each other's gestures, follow a structure change, the master mix is
 * recorded onto the data volume (and measured with sox), and the operations port answers /healthz
 * and /metrics; the engine's HEALTHCHECK passes; the JVM runs as the image's user and stops cleanly
 * on docker stop.
 */
class ServerImageIT {

  private String image;

  /** Per test, not per class, so that a missing engine shows as a skipped test with its reason. */
  @BeforeEach
  void image() throws Exception {
    DockerEngine.require();
    image = ServerImage.get();
  }

  @Test
  void aSessionOverTcpAndOscRunsAgainstTheImage() throws Exception {
    Path data = ServerContainer.dataDirectory("session");
    try (ServerContainer server = ServerContainer.start(image, ServerContainer.Ports.free(), data);
        TcpMember therapist = TcpMember.connect(server);
        TcpMember sam = TcpMember.connect(server);
        OscPeer tablet = new OscPeer(server.oscPort);
        WsMember browser = new WsMember(server.httpPort)) {
      assertThat(server.logs()).contains("Attune is running on port " + server.port);

      Welcome facilitator =
          therapist.join(server.joinCode, "Ther", Role.FACILITATOR, server.facilitatorKey);
      Welcome participant = sam.join(server.joinCode, "Sam", Role.PARTICIPANT, null);
      assertThat(participant.getGroupId()).isEqualTo(facilitator.getGroupId());
      tablet.join("/attune/join", server.joinCode, "Tab", "tablet");
      // A remote member's browser joins over the WebSocket on the HTTP port (JSON frames).
      browser.send(
          ClientMessage.newBuilder()
              .setJoin(
                  Join.newBuilder()
                      .setGroupCode(server.joinCode)
                      .setName("Remote")
                      .setInstrument("browser")
                      .setRole(Role.PARTICIPANT))
              .build());
      assertThat(browser.await(ServerMessage::hasWelcome).getWelcome().getGroupId())
          .isEqualTo(facilitator.getGroupId());
      sam.client.awaitClockSync(8).get(30, TimeUnit.SECONDS);

      // The master mix is recorded into the session's directory on the data volume.
      therapist
          .client
          .record(RecordCommand.newBuilder().setStart(true).build())
          .get(10, TimeUnit.SECONDS);
      String recordingFile = therapist.nextRecording(true).getFile();

      // A pad from the TCP member reaches the tablet over OSC, and the tablet's pad reaches both
      // TCP members: the default form is C major, so degree 5 sounds G4.
      sam.client.sendGesture(
          Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(3)).setVelocity(0.8f).build());
      OscPeer.Received played = tablet.await(r -> r.address().equals("/attune/played"));
      assertThat(played.arg(0)).isEqualTo(participant.getParticipantId());
      assertThat(played.arg(1)).isEqualTo("pad");
      assertThat(browser.await(ServerMessage::hasGesture).getGesture().getParticipantId())
          .as("the browser hears the pad too")
          .isEqualTo(participant.getParticipantId());
      tablet.send("/attune/pad", 5, 1f);
      GestureEvent heardBySam = sam.nextGesture();
      assertThat(heardBySam.getResolvedPitch()).as("G4").isEqualTo(67);
      assertThat(therapist.nextGesture().getResolvedPitch())
          .as("G4, or Sam's E4 first")
          .isIn(64, 67);

      // A structure change at the next bar fires for the TCP member and reaches the tablet.
      therapist
          .client
          .command(
              FacilitatorCommand.newBuilder()
                  .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR))
                  .setSection(SetSection.newBuilder().setName("B"))
                  .build())
          .get(10, TimeUnit.SECONDS);
      StructureChange change = sam.nextFired();
      assertThat(change.getForm().getSection()).isEqualTo("B");
      assertThat(sam.client.timeline().form().getSection()).isEqualTo("B");
      tablet.await(r -> r.address().equals("/attune/section") && r.arg(0).equals("B"));

      for (int degree = 1; degree <= 8; degree++) {
        sam.client.sendGesture(
            Gesture.newBuilder()
                .setPad(Pad.newBuilder().setDegree(degree))
                .setVelocity(0.9f)
                .build());
        Thread.sleep(60);
      }
      Thread.sleep(500);
      therapist
          .client
          .record(RecordCommand.newBuilder().setStart(false).build())
          .get(10, TimeUnit.SECONDS);
      RecordingState finished = therapist.nextRecording(false);
      assertThat(finished.getError()).isEmpty();
      assertThat(finished.getFile()).isEqualTo(recordingFile);
      Path wav =
          data.resolve("sessions")
              .resolve(facilitator.getGroupId())
              .resolve("recordings")
              .resolve(recordingFile);
      Sox.Stat stat = Sox.stat(wav);
      assertThat(stat.sampleRate()).isEqualTo(48_000);
      assertThat(stat.channels()).isEqualTo(2);
      assertThat(stat.seconds())
          .as("the recording's length")
          .isGreaterThan(1.0)
          .isCloseTo(finished.getFrames() / 48_000.0, within(0.05));
      assertThat(stat.maxAmplitude())
          .as("the pads sound in the mix (peak over -40 dBFS)")
          .isGreaterThan(0.01);

      HttpResponse<String> health = server.get("/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"up\"");
      HttpResponse<String> scrape = server.get("/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      Metrics metrics = new Metrics(scrape.body());
      assertThat(metrics.sum("attune_groups")).isGreaterThanOrEqualTo(1);
      assertThat(metrics.sum("attune_members", Map.of("transport", "tcp"))).isEqualTo(2);
      assertThat(metrics.sum("attune_members", Map.of("transport", "osc-udp"))).isEqualTo(1);
      assertThat(metrics.sum("attune_members", Map.of("transport", "ws"))).isEqualTo(1);
      assertThat(metrics.sum("attune_gestures_received_total", Map.of("transport", "tcp")))
          .isGreaterThanOrEqualTo(1);
      assertThat(metrics.sum("attune_gestures_received_total", Map.of("transport", "osc-udp")))
          .isGreaterThanOrEqualTo(1);
      assertThat(metrics.sum("attune_structure_changes_total")).isGreaterThanOrEqualTo(1);

      server.awaitHealthy(Duration.ofSeconds(60));

      // The JVM is the container's process 1 (signals reach it), runs as the image's user, and
      // exits when out of memory rather than limping on.
      assertThat(server.exec("id", "-u").trim())
          .isEqualTo(Integer.toString(ServerContainer.IMAGE_UID));
      String commandLine = server.exec("cat", "/proc/1/cmdline").replace('\0', ' ');
      assertThat(commandLine)
          .startsWith("java ")
          .contains("-XX:+ExitOnOutOfMemoryError")
          .contains("-jar /opt/attune/attune.jar serve");

      // docker stop: SIGTERM runs the shutdown hook and the JVM exits well inside the grace time.
      long start = System.nanoTime();
      assertThat(server.stopGracefully(20)).as("exit code after SIGTERM").isEqualTo(143);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
  }
}
