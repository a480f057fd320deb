package org.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.Welcome;
import org.attune.server.journal.DataDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server container killed hard (SIGKILL, as a crash or the kernel's OOM killer would) and a new
 * one started on the same data volume: the group comes back from its session journal, its members
 * resume with their session tokens where they were (same ids, the section the facilitator had set),
 * and its join code still admits new members.
 *
 * <p>The contract under test is the session journal's: {@code serve} journals every group under
 * {@code $ATTUNE_DATA_DIR} (the image sets {@code /var/lib/attune}, its volume) and restores the
 * groups it finds there when it starts.
 */
class RestartIT {

  private String image;

  /** Per test, not per class, so that a missing engine shows as a skipped test with its reason. */
  @BeforeEach
  void image() throws Exception {
    DockerEngine.require();
    image = ServerImage.get();
  }

  @Test
  void aGroupAndItsMembersResumeOnANewContainerAfterTheOldOneIsKilled() throws Exception {
    Path data = ServerContainer.dataDirectory("restart");
    ServerContainer.Ports ports = ServerContainer.Ports.free();
    String joinCode;
    String facilitatorKey;
    Welcome facilitator;
    Welcome participant;
    try (ServerContainer first = ServerContainer.start(image, ports, data);
        TcpMember therapist = TcpMember.connect(first);
        TcpMember sam = TcpMember.connect(first)) {
      joinCode = first.joinCode;
      facilitatorKey = first.facilitatorKey;
      facilitator = therapist.join(joinCode, "Ther", Role.FACILITATOR, facilitatorKey);
      participant = sam.join(joinCode, "Sam", Role.PARTICIPANT, null);
      therapist
          .client
          .command(
              FacilitatorCommand.newBuilder()
                  .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR))
                  .setSection(SetSection.newBuilder().setName("Bridge"))
                  .build())
          .get(10, TimeUnit.SECONDS);
      assertThat(sam.nextFired().getForm().getSection()).isEqualTo("Bridge");
      sam.client.sendGesture(
          Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(1)).setVelocity(0.7f).build());
      therapist.nextGesture();

      // The journal is written by its own thread; a SIGKILL loses what the process still holds,
      // not what it has written. Wait until the session's journal is on the volume.
      Path journal = new DataDirectory(data).journal(facilitator.getGroupId());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!(Files.isRegularFile(journal) && Files.size(journal) > 0)
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(journal)
          .as(
              "the session's journal on the data volume (serve --data-dir,"
                  + " ATTUNE_DATA_DIR=/var/lib/attune)")
          .isRegularFile();
      Thread.sleep(1000);
      first.kill();
    }

    try (ServerContainer second = ServerContainer.start(image, ports, data);
        TcpMember therapist = TcpMember.connect(second);
        TcpMember sam = TcpMember.connect(second);
        TcpMember newcomer = TcpMember.connect(second)) {
      Welcome resumedFacilitator = therapist.resume(facilitator.getSessionToken());
      assertThat(resumedFacilitator.getGroupId()).isEqualTo(facilitator.getGroupId());
      assertThat(resumedFacilitator.getParticipantId()).isEqualTo(facilitator.getParticipantId());
      assertThat(resumedFacilitator.getRole()).isEqualTo(Role.FACILITATOR);
      Welcome resumedSam = sam.resume(participant.getSessionToken());
      assertThat(resumedSam.getParticipantId()).isEqualTo(participant.getParticipantId());
      assertThat(resumedSam.getSnapshot().getForm().getSection())
          .as("the section the facilitator set before the kill")
          .isEqualTo("Bridge");
      assertThat(sam.client.timeline().form().getSection()).isEqualTo("Bridge");

      Welcome joined = newcomer.join(joinCode, "Alex", Role.PARTICIPANT, null);
      assertThat(joined.getGroupId())
          .as("the old join code admits to the same group")
          .isEqualTo(facilitator.getGroupId());
      assertThat(joined.getSnapshot().getRoster().getMembersList())
          .extracting(Member::getParticipantId)
          .contains(
              facilitator.getParticipantId(),
              participant.getParticipantId(),
              joined.getParticipantId());

      // The resumed group plays on: a gesture is relayed, a change fires.
      sam.client.sendGesture(
          Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(5)).setVelocity(0.7f).build());
      assertThat(newcomer.nextGesture().getParticipantId())
          .isEqualTo(participant.getParticipantId());
      therapist
          .client
          .command(
              FacilitatorCommand.newBuilder()
                  .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR))
                  .setSection(SetSection.newBuilder().setName("Coda"))
                  .build())
          .get(10, TimeUnit.SECONDS);
      assertThat(newcomer.nextFired().getForm().getSection()).isEqualTo("Coda");

      Metrics metrics = new Metrics(second.get("/metrics").body());
      assertThat(metrics.sum("attune_members", Map.of("transport", "tcp"))).isEqualTo(3);
      assertThat(second.get("/healthz").statusCode()).isEqualTo(200);
    }
  }
}
