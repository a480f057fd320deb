package org.attune.server.transport.osc;

import static org.assertj.core.api.Assertions.assertThat;

import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.argument.OSCTimeTag64;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.attune.clock.TempoMap;
import org.attune.form.FormStates;
import org.attune.protocol.v1.BackingPart;
import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.DynamicsRamp;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Level;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.Meters;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.Progression;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.Roster;
import org.attune.protocol.v1.StripLevel;
import org.attune.protocol.v1.StripState;
import org.attune.protocol.v1.StructureChange;
import org.junit.jupiter.api.Test;

/** What the gateway sends, through the real codec: encoded, decoded, and read back. */
class OscRepliesTest {

  private final OscCodec codec = new OscCodec();

  private OSCPacket roundTrip(OSCPacket packet) throws Exception {
    return codec.decode(ByteBuffer.wrap(codec.encode(packet)));
  }

  private List<Object> args(OSCMessage message) throws Exception {
    OSCMessage back = (OSCMessage) roundTrip(message);
    assertThat(back.getAddress()).isEqualTo(message.getAddress());
    return back.getArguments();
  }

  @Test
  void joinedLeftErrorPongQuantizeBeatAccepted() throws Exception {
    assertThat(args(OscReplies.joined("m3", Role.FACILITATOR, "g1", "tok")))
        .containsExactly("m3", "facilitator", "g1", "tok");
    assertThat(args(OscReplies.left())).isEmpty();
    assertThat(args(OscReplies.error(ErrorCode.NOT_JOINED, "Join first.", "/attune/pad")))
        .containsExactly("not_joined", "Join first.", "/attune/pad");
    assertThat(args(OscReplies.pong(2_500_000))).containsExactly(2.5f);
    assertThat(args(OscReplies.quantize("next-bar"))).containsExactly("next-bar");
    assertThat(args(OscReplies.beat(12, 3))).containsExactly(12, 3);
    assertThat(args(OscReplies.accepted(7, 5, 1))).containsExactly(7, 5, 1);
  }

  @Test
  void theWholeStateAtFirstThenOnlyWhatChanged() throws Exception {
    TempoMap map = TempoMap.steady(0, 90);
    FormState form = FormStates.initial();
    OscReplies.Music first = OscReplies.Music.at(map, form, 0);
    List<OSCPacket> all = OscReplies.changed(null, first);
    assertThat(all)
        .extracting(p -> ((OSCMessage) p).getAddress())
        .containsExactly(
            "/attune/tempo",
            "/attune/meter",
            "/attune/section",
            "/attune/key",
            "/attune/chord",
            "/attune/groove",
            "/attune/dynamics");
    assertThat(args((OSCMessage) all.get(6))).containsExactly("mf", 0.57f);

    FormState dorianB =
        form.toBuilder()
            .setSection("B")
            .setKey(Key.newBuilder().setTonic(2).setMode(Mode.DORIAN))
            .setProgression(Progression.newBuilder().addChords("i").addChords("IV"))
            .build();
    List<OSCPacket> changed = OscReplies.changed(first, OscReplies.Music.at(map, dorianB, 0));
    assertThat(changed)
        .extracting(p -> ((OSCMessage) p).getAddress())
        .containsExactly("/attune/section", "/attune/key", "/attune/chord");
    assertThat(args((OSCMessage) changed.get(1))).containsExactly("D", "dorian");
    assertThat(args((OSCMessage) changed.get(2))).containsExactly("i", "Dm");
    assertThat(OscReplies.changed(first, first)).isEmpty();
  }

  @Test
  void aCrescendoIsSentAsItGrows() throws Exception {
    FormState form =
        FormStates.initial().toBuilder()
            .setDynamics(
                DynamicsRamp.newBuilder()
                    .setFrom(Dynamic.P)
                    .setTo(Dynamic.FF)
                    .setStartBeat(0)
                    .setBeats(4))
            .build();
    TempoMap map = TempoMap.steady(0, 60);
    OscReplies.Music start = OscReplies.Music.at(map, form, 0);
    OscReplies.Music middle = OscReplies.Music.at(map, form, 2_000_000);
    assertThat(start.dynamic()).isEqualTo("p");
    assertThat(middle.dynamic()).isEqualTo("mf");
    assertThat(OscReplies.changed(start, middle)).hasSize(1);
  }

  @Test
  void aChangeIsABundleTimeTaggedWithItsMomentHoldingWhatChanges() throws Exception {
    TempoMap map = TempoMap.steady(0, 120).withRamp(4_000_000, 80, 4);
    StructureChange change =
        StructureChange.newBuilder()
            .setSequence(3)
            .setEffectiveBeat(8)
            .setEffectiveServerMicros(4_000_000)
            .setTempoMap(map.toProto())
            .setForm(FormPatch.newBuilder().setSection("B"))
            .setDescription("section B at next bar")
            .build();
    Instant wallNow = Instant.parse("2026-11-21T20:00:00Z");
    OSCTimeTag64 tag = OscTimeTags.at(4_000_000, 1_000_000, wallNow);
    OSCBundle bundle =
        (OSCBundle) roundTrip(OscReplies.announcement(change, FormStates.initial(), tag));

    assertThat(OscTimeTags.toInstant(bundle.getTimestamp()))
        .isEqualTo(Instant.parse("2026-11-21T20:00:03Z"));
    List<OSCMessage> messages = OscCodec.messages(bundle);
    assertThat(messages)
        .extracting(OSCMessage::getAddress)
        .containsExactly("/attune/change", "/attune/next/tempo", "/attune/next/section");
    assertThat(messages.get(0).getArguments()).containsExactly(3, 3, 1, "section B at next bar");
    assertThat(messages.get(1).getArguments())
        .as("a ritardando to 80 over 4 beats")
        .containsExactly(80f, 4f);
    assertThat(messages.get(2).getArguments()).containsExactly("B");
  }

  @Test
  void playedNamesTheKindAndTheSoundingPitch() throws Exception {
    GestureEvent tone =
        GestureEvent.newBuilder()
            .setParticipantId("m2")
            .setGesture(
                Gesture.newBuilder()
                    .setVelocity(0.5f)
                    .setPlayedAtServerMicros(1_234_567)
                    .setPad(
                        Pad.newBuilder().setDegree(2).setLayer(PadLayer.CHORD).setRelease(true)))
            .setResolvedPitch(64)
            .build();
    assertThat(args(OscReplies.played(tone, OscServerTime.SECONDS_AND_MICROS)))
        .as("played_at as seconds and µs, two ints")
        .containsExactly("m2", "tone_release", 64, 0.5f, 1, 234_567);
    assertThat(args(OscReplies.played(tone, OscServerTime.INT64_MICROS)))
        .as("with --int64, one int64 of µs")
        .containsExactly("m2", "tone_release", 64, 0.5f, 1_234_567L);
  }

  @Test
  void serverTimesAsSecondsAndMicrosStayExactPastWhereAFloatWouldNot() {
    long tenDays = 10L * 24 * 3600 * 1_000_000 + 7;
    List<Object> args = new ArrayList<>();
    OscServerTime.SECONDS_AND_MICROS.append(args, tenDays);
    assertThat(args).containsExactly(864_000, 7);
    assertThat((float) (Integer) args.get(0)).as("exact as a Pd float").isEqualTo(864_000f);
    assertThat((double) (float) (tenDays / 1e6))
        .as("one float of seconds loses the µs")
        .isNotEqualTo(tenDays / 1e6);
  }

  @Test
  void rosterCountThenOneMessageAMember() throws Exception {
    Roster roster =
        Roster.newBuilder()
            .addMembers(
                Member.newBuilder()
                    .setParticipantId("m1")
                    .setName("Sam")
                    .setInstrument("tablet")
                    .setRole(Role.PARTICIPANT)
                    .setConnected(true))
            .addMembers(
                Member.newBuilder().setParticipantId("m2").setName("Ana").setRole(Role.LISTENER))
            .build();
    List<OSCPacket> packets = OscReplies.roster(roster);
    assertThat(args((OSCMessage) packets.get(0))).containsExactly(2);
    assertThat(args((OSCMessage) packets.get(1)))
        .containsExactly("m1", "Sam", "tablet", "participant", 1);
    assertThat(args((OSCMessage) packets.get(2))).containsExactly("m2", "Ana", "", "listener", 0);
  }

  @Test
  void theMixThenOneMessageAStripMuteAndSoloAsInts() throws Exception {
    MixerState state =
        MixerState.newBuilder()
            .setMasterGainDb(-3)
            .addBacking(BackingPart.DRUMS)
            .addBacking(BackingPart.PAD)
            .addStrips(
                StripState.newBuilder()
                    .setParticipantId("m1")
                    .setInstrument("Marimba")
                    .setGainDb(-6)
                    .setPan(-0.5f)
                    .setMute(true))
            .addStrips(
                StripState.newBuilder()
                    .setParticipantId("m2")
                    .setInstrument("Standard Kit")
                    .setSolo(true))
            .build();
    List<OSCPacket> packets = OscReplies.mixer(state);
    assertThat(packets).hasSize(3);
    assertThat(args((OSCMessage) packets.get(0))).containsExactly(2, -3f, "drums pad");
    assertThat(args((OSCMessage) packets.get(1)))
        .containsExactly("m1", "Marimba", -6f, -0.5f, 1, 0);
    assertThat(args((OSCMessage) packets.get(2)))
        .containsExactly("m2", "Standard Kit", 0f, 0f, 0, 1);
  }

  @Test
  void noBackingIsSentAsOffTheWordThatSwitchesItOff() throws Exception {
    List<OSCPacket> packets = OscReplies.mixer(MixerState.getDefaultInstance());
    assertThat(packets).hasSize(1);
    assertThat(args((OSCMessage) packets.get(0))).containsExactly(0, 0f, "off");
  }

  @Test
  void oneMeterReadingIsOneBundleOfStripLevelsThenTheMaster() throws Exception {
    Meters meters =
        Meters.newBuilder()
            .setServerMicros(5_000_000)
            .addStrips(strip("m1", -12.5f, -20f))
            .addStrips(strip("backing:drums", -6f, -15.25f))
            .setMaster(Level.newBuilder().setPeakDb(-3f).setRmsDb(-11f))
            .build();
    List<OSCBundle> bundles = OscReplies.levels(meters);
    assertThat(bundles).hasSize(1);
    OSCBundle bundle = (OSCBundle) roundTrip(bundles.get(0));
    assertThat(bundle.getTimestamp()).as("to be shown at once").isEqualTo(OSCTimeTag64.IMMEDIATE);
    List<OSCMessage> messages = OscCodec.messages(bundle);
    assertThat(messages).extracting(OSCMessage::getAddress).containsOnly("/attune/level");
    assertThat(messages)
        .extracting(OSCMessage::getArguments)
        .containsExactly(
            List.of("m1", -12.5f, -20f),
            List.of("backing:drums", -6f, -15.25f),
            List.of("master", -3f, -11f));
  }

  @Test
  void levelsTooManyForOnePacketAreSplitIntoBundlesThatEachEncode() throws Exception {
    Meters.Builder meters =
        Meters.newBuilder().setMaster(Level.newBuilder().setPeakDb(-1f).setRmsDb(-9f));
    for (int i = 1; i <= 400; i++) {
      meters.addStrips(strip("m" + i, -i / 10f, -i / 5f));
    }
    List<OSCBundle> bundles = OscReplies.levels(meters.build());
    assertThat(bundles.size()).as("401 levels of 44 bytes, 185 to an 8 KiB packet").isEqualTo(3);
    List<OSCMessage> all = new ArrayList<>();
    for (OSCBundle b : bundles) {
      byte[] bytes = codec.encode(b);
      assertThat(bytes.length).isLessThanOrEqualTo(OscCodec.MAX_PACKET_BYTES);
      all.addAll(OscCodec.messages(codec.decode(ByteBuffer.wrap(bytes))));
    }
    assertThat(all).hasSize(401);
    assertThat(all.get(399).getArguments()).containsExactly("m400", -40f, -80f);
    assertThat(all.get(400).getArguments()).containsExactly("master", -1f, -9f);
    byte[] first = codec.encode(bundles.get(0));
    assertThat(first.length)
        .as("the first bundle is filled, not cut short")
        .isGreaterThan(OscCodec.MAX_PACKET_BYTES - 44);
  }

  private static StripLevel strip(String id, float peak, float rms) {
    return StripLevel.newBuilder()
        .setStrip(id)
        .setLevel(Level.newBuilder().setPeakDb(peak).setRmsDb(rms))
        .build();
  }

  @Test
  void timeTagsAreNtpTime() {
    assertThat(OscTimeTags.of(Instant.EPOCH).getNtpTime())
        .as("1970 is 2208988800 s after 1900")
        .isEqualTo(2_208_988_800L << 32);
    Instant t = Instant.parse("2026-11-21T20:00:00.123456Z");
    assertThat(
            OscTimeTags.toInstant(OscTimeTags.of(t)).toEpochMilli() * 1000
                + OscTimeTags.toInstant(OscTimeTags.of(t)).getNano() / 1000 % 1000)
        .isBetween(t.toEpochMilli() * 1000 + 455, t.toEpochMilli() * 1000 + 457);
  }
}
