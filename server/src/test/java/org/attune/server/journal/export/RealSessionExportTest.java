package org.attune.server.journal.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetKey;
import org.attune.protocol.v1.SetTempo;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.TcpPeer;
import org.attune.server.group.Group;
import org.attune.server.journal.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal a real server writes, exported: a session played over real sockets comes out of the
 * MIDI file, as midicsv reads it, with every note at the beat and pitch the group heard.
 */
class RealSessionExportTest {

  @TempDir Path dir;

  @Test
  void aSessionPlayedOnARealServerExportsWithEveryNoteWhereTheGroupHeardIt() throws Exception {
    Midicsv.requireInstalled();
    List<GestureEvent> heard = new ArrayList<>();
    String groupId;
    try (AttuneServer server =
        AttuneServer.start(ServerConfig.onFreePorts().withDataDirectory(new DataDirectory(dir)))) {
      Group group = server.groups().create("exported");
      groupId = group.id();
      try (TcpPeer facilitator = new TcpPeer(server.tcpPort(), group.joinCode());
          TcpPeer sam = new TcpPeer(server.tcpPort(), group.joinCode());
          TcpPeer alex = new TcpPeer(server.tcpPort(), group.joinCode())) {
        facilitator.join("Therapist", Role.FACILITATOR, group.facilitatorKey());
        sam.join("Sam", Role.PARTICIPANT, "");
        alex.join("Alex", Role.PARTICIPANT, "");
        command(
            facilitator,
            FacilitatorCommand.newBuilder()
                .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BEAT))
                .setTempo(SetTempo.newBuilder().setBpm(120)));
        command(
            facilitator,
            FacilitatorCommand.newBuilder()
                .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BEAT))
                .setKey(SetKey.newBuilder().setTonic(2).setMode(Mode.DORIAN)));
        Thread.sleep(300);
        for (int i = 0; i < 8; i++) {
          sam.send(
              ClientMessage.newBuilder()
                  .setGesture(
                      Gesture.newBuilder()
                          .setVelocity(0.7f)
                          .setPad(Pad.newBuilder().setDegree(1 + i))));
          heard.add(facilitator.await(ServerMessage::hasGesture).getGesture());
          sam.send(
              ClientMessage.newBuilder()
                  .setGesture(
                      Gesture.newBuilder()
                          .setPad(Pad.newBuilder().setDegree(1 + i).setRelease(true))));
          heard.add(facilitator.await(ServerMessage::hasGesture).getGesture());
          alex.send(
              ClientMessage.newBuilder()
                  .setGesture(
                      Gesture.newBuilder()
                          .setVelocity(0.5f)
                          .setNoteOn(NoteOn.newBuilder().setPitch(50 + i))));
          heard.add(facilitator.await(ServerMessage::hasGesture).getGesture());
          alex.send(
              ClientMessage.newBuilder()
                  .setGesture(
                      Gesture.newBuilder().setNoteOff(NoteOff.newBuilder().setPitch(50 + i))));
          heard.add(facilitator.await(ServerMessage::hasGesture).getGesture());
          Thread.sleep(40);
        }
      }
    }

    Path midi = dir.resolve("session.mid");
    SessionMidiExport.write(SessionScoreReader.read(new DataDirectory(dir).journal(groupId)), midi);

    List<Midicsv.Event> events = Midicsv.read(midi);
    List<String> titles =
        events.stream().filter(e -> e.type().equals("Title_t")).map(Midicsv.Event::text).toList();
    assertThat(titles).contains("Sam", "Alex").doesNotContain("Therapist");
    for (String name : List.of("Sam", "Alex")) {
      int track =
          events.stream()
              .filter(e -> e.type().equals("Title_t") && e.text().equals(name))
              .findFirst()
              .orElseThrow()
              .track();
      List<Midicsv.Event> ons =
          events.stream()
              .filter(e -> e.track() == track && e.type().equals("Note_on_c") && e.number(2) > 0)
              .toList();
      List<GestureEvent> played =
          heard.stream()
              .filter(g -> g.getParticipantId().equals(name.equals("Sam") ? "m2" : "m3"))
              .filter(
                  g ->
                      g.getGesture().hasNoteOn()
                          || g.getGesture().hasPad() && !g.getGesture().getPad().getRelease())
              .toList();
      assertThat(ons).as("%s's notes", name).hasSize(played.size());
      for (int i = 0; i < ons.size(); i++) {
        assertThat(ons.get(i).number(1))
            .as("%s's note %d pitch", name, i)
            .isEqualTo(played.get(i).getResolvedPitch());
        assertThat((double) ons.get(i).tick())
            .as("%s's note %d tick", name, i)
            .isCloseTo(
                played.get(i).getBeat() * SessionMidiExport.PPQ,
                org.assertj.core.api.Assertions.within(1.0));
      }
    }
    assertThat(events).anySatisfy(e -> assertThat(e.type()).isEqualTo("Key_signature"));
  }

  private static void command(TcpPeer facilitator, FacilitatorCommand.Builder command)
      throws Exception {
    facilitator.send(ClientMessage.newBuilder().setCommand(command));
    assertThat(facilitator.await(m -> m.hasAccepted() || m.hasError()).hasAccepted()).isTrue();
  }
}
