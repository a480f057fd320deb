package org.attune.server.transport.osc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.illposed.osc.OSCMessage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.attune.audio.ogg.OggOpusReader;
import org.attune.form.FormStates;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.TcpPeer;
import org.attune.server.group.Group;
import org.attune.server.journal.DataDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OSC gateway on real UDP and TCP sockets, in groups with protobuf members. */
class OscGatewayOverSocketsTest {

  private AttuneServer server;
  private Group group;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    start(Duration.ofMinutes(1));
  }

  private void start(Duration oscIdleTimeout) throws Exception {
    start(ServerConfig.onFreePorts().withOscIdleTimeout(oscIdleTimeout));
  }

  private void start(ServerConfig config) throws Exception {
    if (server != null) {
      server.close();
    }
    // These tests' facilitators join over UDP, which a server allows only when told to.
    server = AttuneServer.start(config.withOscUdp(config.oscUdp().withFacilitators(true)));
    group = server.groups().create("osc");
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    server.close();
  }

  private OscPeer osc() throws Exception {
    OscPeer peer = new OscPeer(server.oscPort());
    open.add(peer);
    return peer;
  }

  private OscPeer oscParticipant(String name) throws Exception {
    OscPeer peer = osc();
    peer.join("/attune/join", group.joinCode(), name, "tablet");
    return peer;
  }

  private OscPeer oscFacilitator() throws Exception {
    OscPeer peer = osc();
    peer.join("/attune/join/facilitator", group.joinCode(), group.facilitatorKey(), "Therapist");
    return peer;
  }

  private TcpPeer tcp(String name, Role role, String key) throws Exception {
    TcpPeer peer = new TcpPeer(server.tcpPort(), group.joinCode());
    open.add(peer);
    peer.join(name, role, key);
    return peer;
  }

  private static GestureEvent nextGesture(TcpPeer peer) throws Exception {
    return peer.await(ServerMessage::hasGesture).getGesture();
  }

  private long serverMicros(long nanoTime) {
    return server.clock().microsAtNanoTime(nanoTime);
  }

  @Test
  void anOscMemberPlaysWithProtobufMembersAndHearsThem() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    OscPeer tablet = osc();
    OscPeer.Received joined = tablet.join("/attune/join", group.joinCode(), "Sam", "tablet");
    String tabletId = (String) joined.arg(0);
    assertThat(joined.arg(1)).isEqualTo("participant");
    assertThat(joined.arg(2)).isEqualTo(group.id());

    tablet.send("/attune/pad", 3, 0.8f);
    GestureEvent heard = nextGesture(keyboard);
    assertThat(heard.getParticipantId()).isEqualTo(tabletId);
    assertThat(heard.getGesture().getPad().getDegree()).isEqualTo(3);
    assertThat(heard.getResolvedPitch()).as("E4, degree 3 of C major").isEqualTo(64);

    long playedAt = server.clock().nowMicros();
    keyboard.send(
        ClientMessage.newBuilder()
            .setGesture(
                Gesture.newBuilder()
                    .setPad(Pad.newBuilder().setDegree(5))
                    .setVelocity(0.5f)
                    .setPlayedAtServerMicros(playedAt)));
    OscPeer.Received played = tablet.await("/attune/played");
    assertThat(played.message().getArguments())
        .as("played_at as whole seconds and µs, two ints")
        .containsExactly(
            "m1", "pad", 67, 0.5f, (int) (playedAt / 1_000_000), (int) (playedAt % 1_000_000));
  }

  @Test
  void aSenderThatJoinsWithInt64GetsPlayedAtAsOneInt64() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    OscPeer tool = osc();
    tool.join("/attune/join", group.joinCode(), "SC", "supercollider", tool.localPort(), "--int64");
    long playedAt = server.clock().nowMicros();
    keyboard.send(
        ClientMessage.newBuilder()
            .setGesture(
                Gesture.newBuilder()
                    .setPad(Pad.newBuilder().setDegree(5))
                    .setVelocity(0.5f)
                    .setPlayedAtServerMicros(playedAt)));
    assertThat(tool.await("/attune/played").message().getArguments())
        .containsExactly("m1", "pad", 67, 0.5f, playedAt);
  }

  @Test
  void aJoinedEndpointHearsTheStateAndABeatAtEveryBeat() throws Exception {
    OscPeer tablet = osc();
    tablet.join("/attune/join", group.joinCode(), "Sam");
    assertThat(tablet.await("/attune/tempo").arg(0)).isEqualTo(90f);
    assertThat(tablet.await("/attune/section").arg(0)).isEqualTo("A");
    assertThat(tablet.await("/attune/key").message().getArguments()).containsExactly("C", "major");
    assertThat(tablet.await("/attune/chord").message().getArguments()).containsExactly("I", "C");
    OscPeer.Received first = tablet.await("/attune/beat");
    OscPeer.Received second = tablet.await("/attune/beat");
    OscPeer.Received third = tablet.await("/attune/beat");
    int b1 = beatIndex(first);
    assertThat(beatIndex(second)).isEqualTo(b1 + 1);
    assertThat(beatIndex(third)).isEqualTo(b1 + 2);
    double seconds = (third.arrivedNanos() - first.arrivedNanos()) / 1e9;
    assertThat(seconds).as("two beats at 90 BPM").isBetween(1.2, 1.5);
  }

  /** Beats since bar 1 beat 1 in 4/4. */
  private static int beatIndex(OscPeer.Received beat) {
    return ((Integer) beat.arg(0) - 1) * 4 + (Integer) beat.arg(1) - 1;
  }

  @Test
  void aFacilitatorsSectionChangeOverOscReachesEveryoneAndTakesEffectOnTheSameBeat()
      throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    OscPeer tablet = oscParticipant("Sam");
    OscPeer therapist = oscFacilitator();

    therapist.send("/attune/section", "B", "next-bar");
    OscPeer.Received accepted = therapist.await("/attune/accepted");
    StructureChange change = keyboard.await(ServerMessage::hasStructureChange).getStructureChange();
    assertThat(change.getForm().getSection()).isEqualTo("B");
    long bar = FormStates.barAt(FormStates.initial(), change.getEffectiveBeat());
    assertThat(accepted.message().getArguments())
        .containsExactly((int) change.getSequence(), (int) bar, 1);

    OscPeer.Received announced = tablet.await("/attune/change");
    long announcedAt = serverMicros(announced.arrivedNanos());
    assertThat(announcedAt)
        .as("announced before it takes effect")
        .isLessThan(change.getEffectiveServerMicros());
    assertThat(announced.message().getArguments())
        .containsExactly((int) change.getSequence(), (int) bar, 1, "section B at next bar");
    Instant expectedWallClock =
        Instant.now()
            .plusNanos((change.getEffectiveServerMicros() - server.clock().nowMicros()) * 1_000);
    assertThat(Duration.between(expectedWallClock, announced.taggedAt()).abs())
        .as("time tag = the moment it takes effect")
        .isLessThan(Duration.ofMillis(20));
    assertThat(tablet.await("/attune/next/section").arg(0)).isEqualTo("B");

    OscPeer.Received section =
        tablet.await(r -> r.address().equals("/attune/section") && r.arg(0).equals("B"));
    long firedAt = serverMicros(section.arrivedNanos());
    assertThat(firedAt - change.getEffectiveServerMicros())
        .as("the new section arrives when it takes effect (µs)")
        .isBetween(-1_000L, 50_000L);
    OscPeer.Received beat = tablet.await("/attune/beat");
    assertThat(beat.message().getArguments()).containsExactly((int) bar, 1);
  }

  @Test
  void aParticipantsCommandOverOscIsRefusedAndChangesNothing() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    OscPeer tablet = oscParticipant("Sam");
    tablet.send("/attune/tempo", 140);
    OscPeer.Received error = tablet.await("/attune/error");
    assertThat(error.message().getArguments())
        .containsExactly(
            "forbidden",
            "Only the facilitator can change the tempo, form or dynamics.",
            "/attune/tempo");
    assertThat(server.oscStats().refusedCommands.sum()).isEqualTo(1);
    tablet.send("/attune/pad", 1);
    assertThat(nextGesture(keyboard).getGesture().getPad().getDegree())
        .as("the next thing the keyboard hears is the pad, not a change")
        .isEqualTo(1);
  }

  @Test
  void theFacilitatorRecordsOggOpusWithStemsOverOsc(@TempDir Path data) throws Exception {
    start(
        ServerConfig.onFreePorts()
            .withSound(SoundConfig.builtIn())
            .withDataDirectory(new DataDirectory(data)));
    oscParticipant("Sam");
    OscPeer therapist = oscFacilitator();
    therapist.send("/attune/record", "start", "opus", "stems");
    String file = (String) therapist.await("/attune/recording").message().getArguments().get(1);
    assertThat(file).startsWith(group.id() + "-").endsWith(".opus");
    Thread.sleep(500);
    therapist.send("/attune/record", "stop");
    List<Object> off = therapist.await("/attune/recording").message().getArguments();
    assertThat(off.get(3)).isEqualTo("");
    Path recordings = new DataDirectory(data).session(group.id()).resolve("recordings");
    long frames = OggOpusReader.read(recordings.resolve(file)).frames();
    assertThat(frames / 48_000f).isCloseTo((Float) off.get(2), within(0.001f));
    String base = file.substring(0, file.length() - ".opus".length());
    try (var stems = Files.list(recordings)) {
      List<Path> found = stems.filter(f -> !f.getFileName().toString().equals(file)).toList();
      assertThat(found)
          .as("a stem for the tablet and one for the facilitator")
          .hasSize(2)
          .allSatisfy(
              f -> {
                assertThat(f.getFileName().toString()).matches(base + "-m[0-9]+\\.opus");
                assertThat(OggOpusReader.read(f).frames()).isEqualTo(frames);
              });
    }
  }

  @Test
  void theFacilitatorRecordsOverOscAndHearsWhenTheFileIsFinished(@TempDir Path data)
      throws Exception {
    start(
        ServerConfig.onFreePorts()
            .withSound(SoundConfig.builtIn())
            .withDataDirectory(new DataDirectory(data)));
    OscPeer tablet = oscParticipant("Sam");
    tablet.send("/attune/record");
    assertThat(tablet.await("/attune/error").message().getArguments())
        .containsExactly(
            "forbidden", "Only the facilitator can record the session.", "/attune/record");
    OscPeer therapist = oscFacilitator();
    therapist.send("/attune/record", "start");
    List<Object> on = therapist.await("/attune/recording").message().getArguments();
    assertThat(on.get(0)).isEqualTo(1);
    String file = (String) on.get(1);
    assertThat(file).startsWith(group.id() + "-").endsWith(".wav");
    Thread.sleep(500);
    therapist.send("/attune/record", 0);
    List<Object> off = therapist.await("/attune/recording").message().getArguments();
    assertThat(off.get(0)).isEqualTo(0);
    assertThat(off.get(1)).isEqualTo(file);
    assertThat((Float) off.get(2)).isGreaterThan(0.2f);
    assertThat(off.get(3)).isEqualTo("");
    assertThat(new DataDirectory(data).session(group.id()).resolve("recordings").resolve(file))
        .exists();
    therapist.send("/attune/record", 0);
    assertThat(therapist.await("/attune/error").message().getArguments().get(1))
        .isEqualTo("No recording is running.");
  }

  @Test
  void onlyTheFacilitatorEndsTheSessionAndEveryMemberHearsThatItEnded() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    OscPeer tablet = oscParticipant("Sam");
    tablet.send("/attune/end");
    assertThat(tablet.await("/attune/error").message().getArguments())
        .containsExactly("forbidden", "Only the facilitator can end the session.", "/attune/end");
    assertThat(server.groups().findById(group.id())).isPresent();

    OscPeer therapist = oscFacilitator();
    therapist.send("/attune/end");

    assertThat(tablet.await("/attune/ended").message().getArguments())
        .containsExactly("The facilitator ended the session.");
    assertThat(therapist.await("/attune/ended").message().getArguments()).hasSize(1);
    assertThat(keyboard.await(ServerMessage::hasSessionEnded).getSessionEnded().getReason())
        .isEqualTo("The facilitator ended the session.");
    assertThat(server.groups().findById(group.id())).isEmpty();
  }

  // ---------------------------------------------------------------- mixer

  @Test
  void onlyTheFacilitatorSetsTheMixAndSeesItChange() throws Exception {
    start(ServerConfig.onFreePorts().withSound(SoundConfig.builtIn()));
    OscPeer therapist = oscFacilitator();
    OscPeer tablet = osc();
    String sam = (String) tablet.join("/attune/join", group.joinCode(), "Sam", "marimba").arg(0);

    tablet.send("/attune/mixer/gain", sam, -6f);
    assertThat(tablet.await("/attune/error").message().getArguments())
        .containsExactly(
            "forbidden", "Only the facilitator can change the mix.", "/attune/mixer/gain");
    assertThat(server.oscStats().refusedCommands.sum()).isEqualTo(1);

    therapist.send("/attune/mixer/gain/" + sam, -6f);
    assertThat(therapist.await("/attune/accepted").message().getArguments())
        .containsExactly(0, 0, 0);
    OscPeer.Received mix = therapist.await("/attune/mixer");
    assertThat(mix.message().getArguments())
        .as("two strips, master at 0 dB, no backing")
        .containsExactly(2, 0f, "off");
    OscPeer.Received strip =
        therapist.await(r -> r.address().equals("/attune/strip") && r.arg(0).equals(sam));
    assertThat(strip.message().getArguments()).containsExactly(sam, "Marimba", -6f, 0f, 0, 0);

    therapist.send("/attune/backing", "click", "bass");
    therapist.await("/attune/accepted");
    assertThat(therapist.await("/attune/mixer").arg(2)).isEqualTo("click bass");

    therapist.send("/attune/mixer/gain/" + sam, 40);
    OscPeer.Received tooLoud = therapist.await("/attune/error");
    assertThat(tooLoud.arg(0)).isEqualTo("invalid_argument");
    assertThat(tooLoud.arg(1).toString()).startsWith("Gain must be between -60 and +12 dB");

    assertThat(tablet.seen())
        .extracting(OscPeer.Received::address)
        .as("a participant hears nothing of the mix")
        .doesNotContain("/attune/mixer", "/attune/strip", "/attune/accepted");
  }

  @Test
  void theFacilitatorGetsTheLevelsTwentyTimesASecondInOneBundleEachAndParticipantsDoNot()
      throws Exception {
    start(ServerConfig.onFreePorts().withSound(SoundConfig.builtIn()));
    OscPeer therapist = oscFacilitator();
    OscPeer tablet = osc();
    String sam = (String) tablet.join("/attune/join", group.joinCode(), "Sam", "marimba").arg(0);
    therapist.await(r -> r.address().equals("/attune/level") && r.arg(0).equals(sam));

    tablet.send("/attune/pad", 1, 1f);
    OscPeer.Received heard =
        therapist.await(
            r ->
                r.address().equals("/attune/level")
                    && r.arg(0).equals(sam)
                    && (Float) r.arg(1) > -40f);
    assertThat((Float) heard.arg(2))
        .as("the RMS of a note is below its peak")
        .isLessThanOrEqualTo((Float) heard.arg(1));

    List<OscPeer.Received> second = therapist.drain(1_000);
    List<OscPeer.Received> masters =
        second.stream()
            .filter(r -> r.address().equals("/attune/level") && r.arg(0).equals("master"))
            .toList();
    assertThat(masters.size()).as("master levels in one second").isBetween(15, 25);
    for (OscPeer.Received master : masters) {
      assertThat(therapist.seen())
          .as("Sam's level came in the master's datagram")
          .anyMatch(
              r ->
                  r.address().equals("/attune/level")
                      && r.arg(0).equals(sam)
                      && r.arrivedNanos() == master.arrivedNanos());
    }
    assertThat(tablet.seen())
        .extracting(OscPeer.Received::address)
        .as("levels go to facilitators only")
        .doesNotContain("/attune/level");
  }

  @Test
  void garbageOversizedUnknownAndBadArgumentsAreCountedAnsweredAndHarmless() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    OscPeer tablet = oscParticipant("Sam");
    OscStats stats = server.oscStats();

    tablet.sendBytes(new byte[] {1, 2, 3, 4, 5});
    assertThat(tablet.await("/attune/error").arg(0)).isEqualTo("malformed");
    tablet.sendBytes(new byte[OscCodec.MAX_PACKET_BYTES + 100]);
    assertThat(tablet.await("/attune/error").arg(0)).isEqualTo("frame_too_large");
    tablet.send("/attune/dance", 1);
    assertThat(tablet.await("/attune/error").arg(1).toString())
        .contains("does not know the address /attune/dance");
    tablet.send("/attune/pad", "seven");
    assertThat(tablet.await("/attune/error").arg(1).toString())
        .isEqualTo("/attune/pad: the scale degree must be a number, not \"seven\".");
    tablet.send("/attune/pad", 99);
    assertThat(tablet.await("/attune/error").arg(0)).isEqualTo("invalid_argument");

    assertThat(stats.malformed.sum()).isEqualTo(1);
    assertThat(stats.oversized.sum()).isEqualTo(1);
    assertThat(stats.unknownAddress.sum()).isEqualTo(1);
    assertThat(stats.badArguments.sum()).isEqualTo(1);
    assertThat(stats.refusedGestures.sum()).as("degree 99 refused by the group").isEqualTo(1);
    assertThat(
            server
                .meterRegistry()
                .get("attune.messages.dropped")
                .tags("transport", "osc", "reason", "bad_arguments")
                .functionCounter()
                .count())
        .as("the metric an operator sees")
        .isEqualTo(1);
    assertThat(
            server
                .meterRegistry()
                .get("attune.members")
                .tags("transport", "osc-udp", "role", "participant")
                .gauge()
                .value())
        .isEqualTo(1);

    tablet.send("/attune/pad", 2);
    assertThat(nextGesture(keyboard).getGesture().getPad().getDegree())
        .as("none of it reached the group; the tablet still plays")
        .isEqualTo(2);
  }

  @Test
  void aSenderThatHasNotJoinedCannotPlayForOneThatHas() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    OscPeer tablet = oscParticipant("Sam");
    OscPeer spoof = osc();
    spoof.send("/attune/pad", 1);
    assertThat(spoof.await("/attune/error").arg(0)).isEqualTo("not_joined");
    spoof.send("/attune/session/not-a-token/pad", 1);
    assertThat(spoof.await("/attune/error").arg(0)).isEqualTo("unknown_session");
    assertThat(server.oscStats().notJoined.sum()).isEqualTo(2);
    tablet.send("/attune/pad", 4);
    GestureEvent heard = nextGesture(keyboard);
    assertThat(heard.getGesture().getPad().getDegree())
        .as("the spoofed pads never reached the group")
        .isEqualTo(4);
  }

  @Test
  void aStatelessSenderPlaysWithItsSessionTokenAndRepliesGoToItsReplyPort() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    OscPeer listener = osc();
    OscPeer oneShot = osc();
    oneShot.send("/attune/join", group.joinCode(), "Script", "oscsend", listener.localPort());
    OscPeer.Received joined = listener.await("/attune/joined");
    String token = (String) joined.arg(3);

    OscPeer another = osc();
    another.send("/attune/session/" + token + "/hit", 38, 100);
    GestureEvent hit = nextGesture(keyboard);
    assertThat(hit.getParticipantId()).isEqualTo(joined.arg(0));
    assertThat(hit.getGesture().getHit().getInstrument()).isEqualTo(38);
    another.send("/attune/session/" + token + "/tempo", 100);
    assertThat(listener.await("/attune/error").arg(0))
        .as("errors go to the member's reply port")
        .isEqualTo("forbidden");
  }

  @Test
  void leaveRemovesTheMemberAndARepeatedJoinIsAnsweredAgain() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    OscPeer tablet = oscParticipant("Sam");
    keyboard.await(m -> m.hasRoster() && m.getRoster().getMembersCount() == 2);
    OscPeer.Received again = tablet.join("/attune/join", group.joinCode(), "Sam");
    assertThat(again.arg(0)).isEqualTo(tablet.seen().get(0).arg(0));

    tablet.send("/attune/leave");
    tablet.await("/attune/left");
    keyboard.await(m -> m.hasRoster() && m.getRoster().getMembersCount() == 1);
    tablet.send("/attune/pad", 1);
    assertThat(tablet.await("/attune/error").arg(0)).isEqualTo("not_joined");
  }

  @Test
  void joinsWithAWrongKeyOrAnUnknownCodeAreRefused() throws Exception {
    OscPeer peer = osc();
    peer.send("/attune/join/facilitator", group.joinCode(), "guess", "Therapist");
    assertThat(peer.await("/attune/error").arg(0)).isEqualTo("bad_facilitator_key");
    peer.send("/attune/join", "NOPE-NOPE", "Sam");
    assertThat(peer.await("/attune/error").arg(0)).isEqualTo("unknown_group");
    peer.send("/attune/pad", 1);
    assertThat(peer.await("/attune/error").arg(0)).isEqualTo("not_joined");
  }

  @Test
  void aRefusedJoinIsAnsweredAtTheReplyPortItNamesAsWellAsAtTheSendersPort() throws Exception {
    OscPeer patch = osc();
    OscPeer replyPort = osc();
    int port = replyPort.localPort();

    byte[] join =
        new OscCodec()
            .encode(new OSCMessage("/attune/join", List.of("NOPE-NOPE", "Sam", "pd", port)));
    patch.sendBytes(join);
    assertThat(replyPort.await("/attune/error").message().getArguments())
        .containsExactly(
            "unknown_group",
            "No group has that code; please check it with your facilitator.",
            "/attune/join");
    // The sender's port would get a copy too, but the address has proven nothing: all the
    // replies together stay within three times the join's bytes (RFC 9000's rule).
    patch.drain(300);
    int repliedBytes =
        replyPort.datagrams().stream().mapToInt(b -> b.length).sum()
            + patch.datagrams().stream().mapToInt(b -> b.length).sum();
    assertThat(repliedBytes).isLessThanOrEqualTo(3 * join.length);
    assertThat(server.oscStats().repliesUnproven.sum()).isEqualTo(1);

    patch.send("/attune/join/facilitator", group.joinCode(), "guess", "Therapist", "pd", port);
    assertThat(replyPort.await("/attune/error").arg(0)).isEqualTo("bad_facilitator_key");
    patch.send("/attune/join", group.joinCode(), "Sam", "pd", port, "--int32");
    // These sentences (OscRequestsTest reads them) are longer than three times the join, so an
    // unproven sender gets the error without its sentence: code and address.
    OscPeer.Received badOption = replyPort.await("/attune/error");
    assertThat(badOption.message().getArguments())
        .containsExactly("invalid_argument", "", "/attune/join");
    patch.send("/attune/join/conductor", group.joinCode(), "Sam", port);
    assertThat(replyPort.await("/attune/error").message().getArguments())
        .containsExactly("invalid_argument", "", "/attune/join/conductor");
    patch.send("/attune/join", group.joinCode(), "", "pd", port);
    assertThat(replyPort.await("/attune/error").arg(0))
        .as("a name the group refuses")
        .isEqualTo("invalid_argument");
    OscStats stats = server.oscStats();
    assertThat(
            List.of(stats.refusedJoins.sum(), stats.badArguments.sum(), stats.unknownAddress.sum()))
        .as("refused, bad arguments, unknown address")
        .containsExactly(2L, 2L, 1L);

    patch.send("/attune/join", group.joinCode(), "Sam", "pd", port);
    assertThat(replyPort.await(r -> !r.address().equals("/attune/error")).address())
        .as("after the refusals, the sender joins")
        .isEqualTo("/attune/joined");
  }

  @Test
  void aRefusedJoinWhoseReplyPortIsItsOwnPortIsAnsweredOnce() throws Exception {
    OscPeer patch = osc();
    patch.send("/attune/join", "NOPE-NOPE", "Sam", "pd", patch.localPort());
    patch.await("/attune/error");
    assertThat(patch.drain(300))
        .extracting(OscPeer.Received::address)
        .as("no second copy")
        .doesNotContain("/attune/error");
  }

  @Test
  void aSilentEndpointLeavesAfterTheIdleTimeout() throws Exception {
    start(Duration.ofSeconds(1));
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    oscParticipant("Sam");
    keyboard.await(m -> m.hasRoster() && m.getRoster().getMembersCount() == 2);
    keyboard.await(m -> m.hasRoster() && m.getRoster().getMembersCount() == 1);
    assertThat(server.oscStats().idleExpired.sum()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- TCP

  @Test
  void oscOverTcpWithALengthPrefix() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    try (Socket socket = new Socket("127.0.0.1", server.oscPort())) {
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OscCodec codec = new OscCodec();
      byte[] join =
          codec.encode(new OSCMessage("/attune/join", List.of(group.joinCode(), "Pd", "patch")));
      out.writeInt(join.length);
      out.write(join);
      out.flush();
      byte[] reply = new byte[in.readInt()];
      in.readFully(reply);
      OSCMessage joined = (OSCMessage) codec.decode(ByteBuffer.wrap(reply));
      assertThat(joined.getAddress()).isEqualTo("/attune/joined");

      byte[] pad = codec.encode(new OSCMessage("/attune/pad", List.of(2, 1f)));
      out.writeInt(pad.length);
      out.write(pad);
      out.flush();
      assertThat(nextGesture(keyboard).getGesture().getPad().getDegree()).isEqualTo(2);
    }
    keyboard.await(m -> m.hasRoster() && m.getRoster().getMembersCount() == 1);
  }

  @Test
  void aTcpSenderThatHangsUpRightAfterJoiningLeavesTheGroup() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    try (Socket socket = new Socket("127.0.0.1", server.oscPort())) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      byte[] join =
          new OscCodec()
              .encode(new OSCMessage("/attune/join", List.of(group.joinCode(), "OneShot")));
      out.writeInt(join.length);
      out.write(join);
      out.flush();
    }
    keyboard.await(m -> m.hasRoster() && m.getRoster().getMembersCount() == 2);
    keyboard.await(m -> m.hasRoster() && m.getRoster().getMembersCount() == 1);
    assertThat(
            server
                .meterRegistry()
                .get("attune.members")
                .tags("transport", "osc-tcp", "role", "participant")
                .gauge()
                .value())
        .isZero();
  }

  @Test
  void oscOverTcpWithSlipFramingAndBytesThatNeedEscaping() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    try (Socket socket = new Socket("127.0.0.1", server.oscPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      OscCodec codec = new OscCodec();
      // 0xC0 in the name: the SLIP END byte, escaped in the frame.
      out.write(
          slip(
              codec.encode(
                  new OSCMessage(
                      "/attune/join",
                      List.of(group.joinCode(), "S\u00c0m", "open stage control")))));
      out.flush();
      OSCMessage joined = (OSCMessage) codec.decode(ByteBuffer.wrap(readSlip(in)));
      assertThat(joined.getAddress()).isEqualTo("/attune/joined");
      out.write(slip(codec.encode(new OSCMessage("/attune/tone", List.of(1, 64)))));
      out.flush();
      GestureEvent tone = nextGesture(keyboard);
      assertThat(tone.getGesture().getPad().getDegree()).isEqualTo(1);
    }
  }

  private static byte[] slip(byte[] packet) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xC0);
    for (byte value : packet) {
      int b = value & 0xFF;
      if (b == 0xC0) {
        out.write(0xDB);
        out.write(0xDC);
      } else if (b == 0xDB) {
        out.write(0xDB);
        out.write(0xDD);
      } else {
        out.write(b);
      }
    }
    out.write(0xC0);
    return out.toByteArray();
  }

  private static byte[] readSlip(InputStream in) throws Exception {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    boolean escape = false;
    while (true) {
      int b = in.read();
      assertThat(b).as("connection open").isNotNegative();
      if (b == 0xC0) {
        if (frame.size() > 0) {
          return frame.toByteArray();
        }
      } else if (escape) {
        frame.write(b == 0xDC ? 0xC0 : b == 0xDD ? 0xDB : b);
        escape = false;
      } else if (b == 0xDB) {
        escape = true;
      } else {
        frame.write(b);
      }
    }
  }
}
