package org.attune.server.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.EndSession;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Resume;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetKey;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.SetStrip;
import org.attune.protocol.v1.SetTempo;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.Welcome;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.TcpPeer;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real servers, one after another, on one data directory, with members on real sockets: what a
 * group did comes back after a restart, an ended session does not, and a damaged or unreadable
 * journal never stops a start.
 */
class SessionRestartTest {

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private AttuneServer start() throws InterruptedException {
    AttuneServer server =
        AttuneServer.start(
            ServerConfig.onFreePorts()
                .withSound(SoundConfig.builtIn())
                .withDataDirectory(new DataDirectory(dir)));
    open.add(server);
    return server;
  }

  private TcpPeer peer(AttuneServer server) throws IOException {
    TcpPeer p = new TcpPeer(server.tcpPort());
    open.add(p);
    return p;
  }

  @Test
  void aRestartedServerBringsTheGroupBackWhereItWasAndItsMembersResume() throws Exception {
    AttuneServer first = start();
    Group group = first.groups().create("Tuesday group");
    String code = group.joinCode();
    String key = group.facilitatorKey();
    TcpPeer facilitator = peer(first);
    String facilitatorToken =
        facilitator.join(code, "Therapist", Role.FACILITATOR, key).getSessionToken();
    TcpPeer player = peer(first);
    Welcome playerWelcome = player.join(code, "Sam", Role.PARTICIPANT, "");
    String playerId = playerWelcome.getParticipantId();
    command(
        facilitator,
        FacilitatorCommand.newBuilder()
            .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BEAT))
            .setTempo(SetTempo.newBuilder().setBpm(120)));
    command(
        facilitator,
        FacilitatorCommand.newBuilder()
            .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BEAT))
            .setSection(SetSection.newBuilder().setName("B")));
    command(
        facilitator,
        FacilitatorCommand.newBuilder()
            .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BEAT))
            .setKey(SetKey.newBuilder().setTonic(2).setMode(Mode.DORIAN)));
    mix(
        facilitator,
        MixerCommand.newBuilder()
            .setStrip(SetStrip.newBuilder().setParticipantId(playerId).setGainDb(-12)));
    for (int i = 0; i < 20; i++) {
      player.send(ClientMessage.newBuilder().setGesture(pad(1 + i % 7)));
      facilitator.await(ServerMessage::hasGesture);
    }
    // Until the changes are in effect, none pending: what the restart must bring back.
    Snapshot before = snapshot(group);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (before.getPendingCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      before = snapshot(group);
    }
    assertThat(before.getPendingList()).isEmpty();
    assertThat(before.getForm().getSection()).isEqualTo("B");
    long wallBefore = System.currentTimeMillis();
    first.close();
    open.remove(first);

    AttuneServer second = start();
    assertThat(second.restoredSessions().restored()).hasSize(1);
    Group back = second.groups().findByCode(code).orElseThrow();
    assertThat(back.id()).isEqualTo(group.id());
    assertThat(back.name()).isEqualTo("Tuesday group");
    assertThat(back.secretsKnown()).isFalse();

    TcpPeer facilitatorAgain = peer(second);
    Welcome resumed = resume(facilitatorAgain, facilitatorToken);
    assertThat(resumed.getRole()).isEqualTo(Role.FACILITATOR);
    Snapshot after = resumed.getSnapshot();
    long wallAfter = System.currentTimeMillis();
    assertThat(after.getForm().getSection()).isEqualTo("B");
    assertThat(after.getForm().getKey().getTonic()).isEqualTo(2);
    assertThat(after.getForm().getKey().getMode()).isEqualTo(Mode.DORIAN);
    assertThat(after.getLastSequence()).isEqualTo(before.getLastSequence());
    TempoMap map = TempoMap.fromProto(after.getTempoMap());
    assertThat(map.bpmAt(after.getServerNowMicros())).isEqualTo(120.0);
    // The beat went on through the restart as if the server had kept running: 2 beats a second.
    double beatBefore =
        TempoMap.fromProto(before.getTempoMap()).beatAt(before.getServerNowMicros());
    double expected = beatBefore + (wallAfter - wallBefore) / 1000.0 * 2;
    assertThat(map.beatAt(after.getServerNowMicros())).isCloseTo(expected, within(0.25));
    assertThat(after.getRoster().getMembersList())
        .extracting(m -> m.getParticipantId() + " " + m.getName() + " " + m.getConnected())
        .containsExactly("m1 Therapist true", playerId + " Sam false");
    ServerMessage mixer = facilitatorAgain.await(ServerMessage::hasMixerState);
    assertThat(mixer.getMixerState().getStripsList())
        .filteredOn(s -> s.getParticipantId().equals(playerId))
        .singleElement()
        .satisfies(s -> assertThat(s.getGainDb()).isEqualTo(-12f));

    TcpPeer playerAgain = peer(second);
    assertThat(resume(playerAgain, playerWelcome.getSessionToken()).getParticipantId())
        .isEqualTo(playerId);
    playerAgain.send(ClientMessage.newBuilder().setGesture(pad(3)));
    assertThat(facilitatorAgain.await(ServerMessage::hasGesture).getGesture().getParticipantId())
        .isEqualTo(playerId);

    // The join code and the facilitator key work as before; a wrong key does not.
    TcpPeer newcomer = peer(second);
    assertThat(newcomer.join(code, "Alex", Role.PARTICIPANT, "").getParticipantId())
        .isEqualTo("m3");
    TcpPeer impostor = peer(second);
    impostor.send(
        ClientMessage.newBuilder()
            .setJoin(
                org.attune.protocol.v1.Join.newBuilder()
                    .setGroupCode(code)
                    .setName("X")
                    .setRole(Role.FACILITATOR)
                    .setFacilitatorKey("guess")));
    assertThat(impostor.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.BAD_FACILITATOR_KEY);
    TcpPeer coTherapist = peer(second);
    assertThat(coTherapist.join(code, "Co", Role.FACILITATOR, key).getRole())
        .isEqualTo(Role.FACILITATOR);
    // A new group does not take the id of a session on disk.
    assertThat(second.groups().create("next").id()).isNotEqualTo(group.id());
    second.close();
    open.remove(second);

    List<JournalRecord> records =
        JournalReader.read(new DataDirectory(dir).journal(group.id())).records();
    assertThat(records.stream().filter(JournalRecord::hasGesture).count()).isEqualTo(21);
    assertThat(records.stream().filter(JournalRecord::hasClockAnchor).count()).isEqualTo(2);
    assertThat(records.get(0).getGroupCreated().getJoinCodeHash().toString(StandardCharsets.UTF_8))
        .doesNotContain(code.replace("-", ""));
    assertThat(
            Files.readString(
                new DataDirectory(dir).journal(group.id()), StandardCharsets.ISO_8859_1))
        .doesNotContain(code)
        .doesNotContain(key)
        .doesNotContain(facilitatorToken);
  }

  @Test
  void anEndedSessionTellsItsMembersAndDoesNotComeBack() throws Exception {
    AttuneServer first = start();
    Group group = first.groups().create("ends");
    String code = group.joinCode();
    TcpPeer facilitator = peer(first);
    facilitator.join(code, "Therapist", Role.FACILITATOR, group.facilitatorKey());
    TcpPeer player = peer(first);
    String token = player.join(code, "Sam", Role.PARTICIPANT, "").getSessionToken();

    player.send(ClientMessage.newBuilder().setEndSession(EndSession.getDefaultInstance()));
    assertThat(player.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(first.groups().findByCode(code)).isPresent();

    facilitator.send(ClientMessage.newBuilder().setEndSession(EndSession.getDefaultInstance()));
    assertThat(player.await(ServerMessage::hasSessionEnded).getSessionEnded().getReason())
        .contains("facilitator ended");
    player.awaitClose();
    assertThat(first.groups().findByCode(code)).isEmpty();
    TcpPeer late = peer(first);
    late.send(ClientMessage.newBuilder().setResume(Resume.newBuilder().setSessionToken(token)));
    assertThat(late.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.UNKNOWN_SESSION);
    first.close();
    open.remove(first);

    AttuneServer second = start();
    assertThat(second.restoredSessions().restored()).isEmpty();
    assertThat(second.groups().findByCode(code)).isEmpty();
    assertThat(JournalReader.read(new DataDirectory(dir).journal(group.id())).records())
        .last()
        .satisfies(r -> assertThat(r.hasGroupEnded()).isTrue());
  }

  @Test
  void aDamagedTailIsCutAndSaidAndAnUnreadableJournalIsSetAsideWhileTheRestStart()
      throws Exception {
    AttuneServer first = start();
    Group group = first.groups().create("kept");
    String code = group.joinCode();
    TcpPeer player = peer(first);
    player.join(code, "Sam", Role.PARTICIPANT, "");
    first.close();
    open.remove(first);
    DataDirectory data = new DataDirectory(dir);
    Files.write(
        data.journal(group.id()),
        "garbage after a crash".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    Files.createDirectories(data.session("g7"));
    Files.write(data.journal("g7"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});

    AttuneServer second = start();

    assertThat(second.restoredSessions().restored())
        .extracting(Group::id)
        .containsExactly(group.id());
    assertThat(second.restoredSessions().cut())
        .singleElement()
        .asString()
        .contains(group.id())
        .contains("cut");
    assertThat(second.restoredSessions().setAside())
        .singleElement()
        .asString()
        .contains("g7")
        .contains("set aside");
    assertThat(data.journal("g7")).doesNotExist();
    assertThat(data.session("g7").resolve(SessionRestore.SET_ASIDE_NAME))
        .as("set aside whole")
        .hasSize(12);
    assertThat(JournalReader.read(data.journal(group.id())).damaged()).isFalse();
    assertThat(second.groups().findByCode(code)).isPresent();
    assertThat(second.groups().create("new").id()).isEqualTo("g8");
  }

  @Test
  void aGroupWithNoOneConnectedEndsAfterTheIdleTime() throws Exception {
    AttuneServer server =
        AttuneServer.start(
            ServerConfig.onFreePorts()
                .withDataDirectory(new DataDirectory(dir))
                .withSessionIdleEnd(Duration.ofSeconds(3)));
    open.add(server);
    TcpPeer player = peer(server);
    Group group = server.groups().create("idle");
    player.join(group.joinCode(), "Sam", Role.PARTICIPANT, "");
    Thread.sleep(4_000);
    assertThat(group.hasEnded()).as("someone is connected").isFalse();

    player.close();
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!group.hasEnded() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(group.hasEnded()).isTrue();
    assertThat(server.groups().findById(group.id())).isEmpty();
  }

  private static Gesture.Builder pad(int degree) {
    return Gesture.newBuilder().setVelocity(0.8f).setPad(Pad.newBuilder().setDegree(degree));
  }

  private static void command(TcpPeer facilitator, FacilitatorCommand.Builder command)
      throws IOException {
    facilitator.send(ClientMessage.newBuilder().setCommand(command));
    ServerMessage answer = facilitator.await(m -> m.hasAccepted() || m.hasError());
    assertThat(answer.hasAccepted()).as("accepted, not %s", answer).isTrue();
  }

  private static void mix(TcpPeer facilitator, MixerCommand.Builder command) throws IOException {
    facilitator.send(ClientMessage.newBuilder().setMixer(command));
    ServerMessage answer = facilitator.await(m -> m.hasAccepted() || m.hasError());
    assertThat(answer.hasAccepted()).as("accepted, not %s", answer).isTrue();
  }

  private static Welcome resume(TcpPeer peer, String token) throws IOException {
    peer.send(ClientMessage.newBuilder().setResume(Resume.newBuilder().setSessionToken(token)));
    ServerMessage m = peer.await(x -> x.hasWelcome() || x.hasError());
    assertThat(m.hasWelcome()).as("welcome, not %s", m).isTrue();
    return m.getWelcome();
  }

  private static Snapshot snapshot(Group group) throws Exception {
    return group.executor().submit(group::snapshot).get();
  }
}
