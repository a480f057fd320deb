package org.attune.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.attune.protocol.v1.Accent;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.ClockPong;
import org.attune.protocol.v1.Control;
import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.DynamicsRamp;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Fermata;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Hit;
import org.attune.protocol.v1.Hold;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Leave;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.Meter;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.Progression;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Ramp;
import org.attune.protocol.v1.Release;
import org.attune.protocol.v1.Resume;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.Roster;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetDynamics;
import org.attune.protocol.v1.SetGroove;
import org.attune.protocol.v1.SetKey;
import org.attune.protocol.v1.SetMeter;
import org.attune.protocol.v1.SetProgression;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.SetTempo;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.Steady;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Tap;
import org.attune.protocol.v1.TapTempo;
import org.attune.protocol.v1.TempoMap;
import org.attune.protocol.v1.TempoSegment;
import org.attune.protocol.v1.Welcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every case of every {@code oneof} in the envelopes survives the trip through the framing codec:
 * {@link VarintFramePrepender} on the way out, {@link VarintFrameDecoder} and {@link
 * ProtobufMessageDecoder} on the way in. The samples are built by exhaustive switches, so a case
 * added to attune.proto does not compile here until it has a sample.
 */
class CodecRoundTripTest {

  private static final int MAX_FRAME_BYTES = 64 * 1024;

  @ParameterizedTest
  @EnumSource(ClientMessage.BodyCase.class)
  void everyClientMessageCaseRoundTrips(ClientMessage.BodyCase body) {
    ClientMessage message = clientMessage(body);

    assertThat(message.getBodyCase()).isEqualTo(body);
    assertThat(roundTrip(message, ClientMessage.parser())).isEqualTo(message);
  }

  @ParameterizedTest
  @EnumSource(ServerMessage.BodyCase.class)
  void everyServerMessageCaseRoundTrips(ServerMessage.BodyCase body) {
    ServerMessage message = serverMessage(body);

    assertThat(message.getBodyCase()).isEqualTo(body);
    assertThat(roundTrip(message, ServerMessage.parser())).isEqualTo(message);
  }

  @ParameterizedTest
  @EnumSource(Gesture.KindCase.class)
  void everyGestureKindRoundTrips(Gesture.KindCase kind) {
    ClientMessage message = ClientMessage.newBuilder().setGesture(gesture(kind)).build();
    ServerMessage relayed =
        ServerMessage.newBuilder()
            .setGesture(GestureEvent.newBuilder().setParticipantId("p2").setGesture(gesture(kind)))
            .build();

    assertThat(message.getGesture().getKindCase()).isEqualTo(kind);
    assertThat(roundTrip(message, ClientMessage.parser())).isEqualTo(message);
    assertThat(roundTrip(relayed, ServerMessage.parser())).isEqualTo(relayed);
  }

  @ParameterizedTest
  @EnumSource(FacilitatorCommand.KindCase.class)
  void everyFacilitatorCommandKindRoundTrips(FacilitatorCommand.KindCase kind) {
    ClientMessage message =
        ClientMessage.newBuilder().setRequestId(99).setCommand(command(kind)).build();

    assertThat(message.getCommand().getKindCase()).isEqualTo(kind);
    assertThat(roundTrip(message, ClientMessage.parser())).isEqualTo(message);
  }

  @ParameterizedTest
  @EnumSource(TempoSegment.KindCase.class)
  void everyTempoSegmentKindRoundTrips(TempoSegment.KindCase kind) {
    ServerMessage message =
        ServerMessage.newBuilder()
            .setSnapshot(
                Snapshot.newBuilder().setTempoMap(TempoMap.newBuilder().addSegments(segment(kind))))
            .build();

    assertThat(roundTrip(message, ServerMessage.parser())).isEqualTo(message);
  }

  @Test
  void everyServerMessageCaseInOneBufferComesOutInOrder() {
    List<ServerMessage> sent = new ArrayList<>();
    for (ServerMessage.BodyCase body : ServerMessage.BodyCase.values()) {
      sent.add(serverMessage(body));
    }
    EmbeddedChannel out = new EmbeddedChannel(new VarintFramePrepender());
    for (ServerMessage message : sent) {
      out.writeOutbound(message);
    }
    ByteBuf stream = Unpooled.buffer();
    for (ByteBuf frame; (frame = out.readOutbound()) != null; ) {
      stream.writeBytes(frame);
      frame.release();
    }
    assertThat(out.finish()).isFalse();

    EmbeddedChannel in = decoder(ServerMessage.parser());
    assertThat(in.writeInbound(stream)).isTrue();

    List<ServerMessage> received = new ArrayList<>();
    for (ServerMessage message; (message = in.readInbound()) != null; ) {
      received.add(message);
    }
    assertThat(received).isEqualTo(sent);
    assertThat(stream.refCnt()).isZero();
    assertThat(in.finish()).isFalse();
  }

  @Test
  void snapshotDeliveredByteByByteRoundTrips() {
    ServerMessage snapshot = serverMessage(ServerMessage.BodyCase.SNAPSHOT);
    ByteBuf framed = VarintFramePrepender.frame(UnpooledByteBufAllocator.DEFAULT, snapshot);
    EmbeddedChannel in = decoder(ServerMessage.parser());
    try {
      while (framed.isReadable()) {
        in.writeInbound(framed.readRetainedSlice(1));
      }
    } finally {
      framed.release();
    }

    assertThat((ServerMessage) in.readInbound()).isEqualTo(snapshot);
    assertThat(in.finish()).isFalse();
  }

  @Test
  void oneChannelWithTheWholePipelineRoundTrips() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new VarintFrameDecoder(MAX_FRAME_BYTES),
            new ProtobufMessageDecoder<>(ClientMessage.parser()),
            new VarintFramePrepender());
    ClientMessage join = clientMessage(ClientMessage.BodyCase.JOIN);

    ch.writeOutbound(join);
    ByteBuf framed = ch.readOutbound();
    ch.writeInbound(framed);

    assertThat((ClientMessage) ch.readInbound()).isEqualTo(join);
    assertThat(framed.refCnt()).isZero();
    assertThat(ch.finish()).isFalse();
  }

  // ------------------------------------------------------------- the trip

  private static <T extends MessageLite> T roundTrip(
      T message, com.google.protobuf.Parser<T> parser) {
    EmbeddedChannel out = new EmbeddedChannel(new VarintFramePrepender());
    assertThat(out.writeOutbound(message)).isTrue();
    ByteBuf framed = out.readOutbound();
    assertThat(out.finish()).isFalse();

    EmbeddedChannel in = decoder(parser);
    assertThat(in.writeInbound(framed)).isTrue();
    T decoded = in.readInbound();
    assertThat(framed.refCnt()).isZero();
    assertThat(in.finish()).isFalse();
    return decoded;
  }

  private static <T extends MessageLite> EmbeddedChannel decoder(
      com.google.protobuf.Parser<T> parser) {
    return new EmbeddedChannel(
        new VarintFrameDecoder(MAX_FRAME_BYTES), new ProtobufMessageDecoder<>(parser));
  }

  // ------------------------------------------------------------- samples

  static ClientMessage clientMessage(ClientMessage.BodyCase body) {
    ClientMessage.Builder message = ClientMessage.newBuilder().setRequestId(41);
    return switch (body) {
      case JOIN ->
          message
              .setJoin(
                  Join.newBuilder()
                      .setGroupCode("K7Q2-M9XD")
                      .setName("Sam")
                      .setInstrument("tablet pads")
                      .setRole(Role.FACILITATOR)
                      .setFacilitatorKey("s3cret"))
              .build();
      case RESUME -> message.setResume(Resume.newBuilder().setSessionToken("tok-123")).build();
      case LEAVE -> message.setLeave(Leave.getDefaultInstance()).build();
      case CLOCK_PING ->
          message
              .setClockPing(
                  ClockPing.newBuilder()
                      .setClientSendMicros(-9_876_543_210L)
                      .setLastRttMicros(1_850))
              .build();
      case GESTURE -> message.setGesture(gesture(Gesture.KindCase.PAD)).build();
      case COMMAND -> message.setCommand(command(FacilitatorCommand.KindCase.TEMPO)).build();
      case MIXER ->
          message
              .setMixer(
                  org.attune.protocol.v1.MixerCommand.newBuilder()
                      .setStrip(
                          org.attune.protocol.v1.SetStrip.newBuilder()
                              .setParticipantId("m2")
                              .setInstrument("marimba")
                              .setGainDb(-6)
                              .setPan(-0.5f)
                              .setMute(false)
                              .setSolo(true)))
              .build();
      case END_SESSION ->
          message.setEndSession(org.attune.protocol.v1.EndSession.getDefaultInstance()).build();
      case RECORD ->
          message
              .setRecord(
                  org.attune.protocol.v1.RecordCommand.newBuilder()
                      .setStart(true)
                      .setFormat(org.attune.protocol.v1.RecordFormat.WAV_FLOAT32))
              .build();
      case REMOVE_MEMBER ->
          message
              .setRemoveMember(
                  org.attune.protocol.v1.RemoveMember.newBuilder().setParticipantId("m3"))
              .build();
      case WATCH_MIX ->
          message.setWatchMix(org.attune.protocol.v1.WatchMix.newBuilder().setOn(true)).build();
      case STREAM_REQUEST ->
          message
              .setStreamRequest(
                  org.attune.protocol.v1.StreamRequest.newBuilder()
                      .setOn(true)
                      .setFrameMillis(10)
                      .setUdp(true)
                      .setUdpToken(com.google.protobuf.ByteString.copyFrom(new byte[16])))
              .build();
      case BODY_NOT_SET -> ClientMessage.getDefaultInstance();
    };
  }

  static ServerMessage serverMessage(ServerMessage.BodyCase body) {
    ServerMessage.Builder message = ServerMessage.newBuilder();
    return switch (body) {
      case WELCOME ->
          message
              .setWelcome(
                  Welcome.newBuilder()
                      .setParticipantId("p1")
                      .setRole(Role.PARTICIPANT)
                      .setSessionToken("tok-123")
                      .setGroupId("g-1")
                      .setSnapshot(snapshot()))
              .build();
      case CLOCK_PONG ->
          message
              .setClockPong(
                  ClockPong.newBuilder()
                      .setClientSendMicros(1_000)
                      .setServerReceiveMicros(5_000_000_123L)
                      .setServerSendMicros(5_000_000_140L))
              .build();
      case GESTURE ->
          message
              .setGesture(
                  GestureEvent.newBuilder()
                      .setParticipantId("p3")
                      .setGesture(gesture(Gesture.KindCase.HIT))
                      .setServerReceiveMicros(7_000_000)
                      .setResolvedPitch(38)
                      .setBeat(14.25))
              .build();
      case STRUCTURE_CHANGE -> message.setStructureChange(structureChange()).build();
      case SNAPSHOT -> message.setSnapshot(snapshot()).build();
      case ROSTER -> message.setRoster(roster()).build();
      case ERROR ->
          message
              .setError(
                  org.attune.protocol.v1.Error.newBuilder()
                      .setCode(ErrorCode.TOO_SOON)
                      .setMessage("Beat 3 is too soon.")
                      .setRequestId(41))
              .build();
      case ACCEPTED ->
          message
              .setAccepted(
                  Accepted.newBuilder()
                      .setRequestId(41)
                      .setChangeSequence(12)
                      .setEffectiveBeat(32)
                      .setEffectiveServerMicros(16_000_000))
              .build();
      case MIXER_STATE ->
          message
              .setMixerState(
                  org.attune.protocol.v1.MixerState.newBuilder()
                      .addStrips(
                          org.attune.protocol.v1.StripState.newBuilder()
                              .setParticipantId("m2")
                              .setInstrument("Marimba")
                              .setProgram(12)
                              .setGainDb(-6)
                              .setPan(-0.5f)
                              .setSolo(true))
                      .setMasterGainDb(-3)
                      .addBacking(org.attune.protocol.v1.BackingPart.DRUMS)
                      .setRenderDelayMicros(5_000)
                      .setSoundFont("TimGM6mb.sf2"))
              .build();
      case METERS ->
          message
              .setMeters(
                  org.attune.protocol.v1.Meters.newBuilder()
                      .setServerMicros(9_000_000)
                      .addStrips(
                          org.attune.protocol.v1.StripLevel.newBuilder()
                              .setStrip("m2")
                              .setLevel(
                                  org.attune.protocol.v1.Level.newBuilder()
                                      .setPeakDb(-6)
                                      .setRmsDb(-18)))
                      .setMaster(
                          org.attune.protocol.v1.Level.newBuilder().setPeakDb(-1).setRmsDb(-12)))
              .build();
      case SESSION_ENDED ->
          message
              .setSessionEnded(
                  org.attune.protocol.v1.SessionEnded.newBuilder()
                      .setReason("The facilitator ended the session."))
              .build();
      case RECORDING ->
          message
              .setRecording(
                  org.attune.protocol.v1.RecordingState.newBuilder()
                      .setRecording(true)
                      .setFile("g3-20261201T140512Z.wav")
                      .setFirstSampleServerMicros(5_000_123)
                      .setFrames(48_000))
              .build();
      case AUDIO_FRAME ->
          message
              .setAudioFrame(
                  org.attune.protocol.v1.AudioFrame.newBuilder()
                      .setSequence(42)
                      .setServerMicros(7_020_000)
                      .setFrameMillis(20)
                      .setOpus(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3})))
              .build();
      case OBSERVATIONS ->
          message
              .setObservations(
                  org.attune.protocol.v1.Observations.newBuilder()
                      .setServerMicros(9_000_000)
                      .addMembers(
                          org.attune.protocol.v1.MemberFigures.newBuilder()
                              .setParticipantId("m2")
                              .setOnsets(40)
                              .setAsynchronyMeanMs(-12.5f)
                              .setTempoBpm(96)
                              .setLowestPitch(-1)
                              .setHighestPitch(-1)))
              .build();
      case BODY_NOT_SET -> ServerMessage.getDefaultInstance();
    };
  }

  static Gesture gesture(Gesture.KindCase kind) {
    Gesture.Builder gesture =
        Gesture.newBuilder().setVelocity(0.8f).setPlayedAtServerMicros(3_141_592);
    return switch (kind) {
      case NOTE_ON -> gesture.setNoteOn(NoteOn.newBuilder().setPitch(64)).build();
      case NOTE_OFF -> gesture.setNoteOff(NoteOff.newBuilder().setPitch(64)).build();
      case PAD ->
          gesture
              .setPad(Pad.newBuilder().setDegree(-3).setLayer(PadLayer.CHORD).setRelease(true))
              .build();
      case HIT -> gesture.setHit(Hit.newBuilder().setInstrument(38)).build();
      case CONTROL -> gesture.setControl(Control.newBuilder().setValue(0.25f)).build();
      case TAP -> gesture.setTap(Tap.getDefaultInstance()).build();
      case KIND_NOT_SET -> gesture.build();
    };
  }

  static FacilitatorCommand command(FacilitatorCommand.KindCase kind) {
    FacilitatorCommand.Builder command =
        FacilitatorCommand.newBuilder()
            .setQuantize(
                Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_PHRASE).setPhraseBars(2));
    return switch (kind) {
      case TEMPO -> command.setTempo(SetTempo.newBuilder().setBpm(96).setRampBeats(8)).build();
      case FERMATA -> command.setFermata(Fermata.getDefaultInstance()).build();
      case RELEASE -> command.setRelease(Release.newBuilder().setBpm(72)).build();
      case TAP_TEMPO -> command.setTapTempo(TapTempo.getDefaultInstance()).build();
      case SECTION -> command.setSection(SetSection.newBuilder().setName("Coda")).build();
      case METER ->
          command
              .setMeter(SetMeter.newBuilder().setBeatsPerBar(7).setBeatUnit(8).setPhraseBars(2))
              .build();
      case KEY -> command.setKey(SetKey.newBuilder().setTonic(2).setMode(Mode.DORIAN)).build();
      case GROOVE -> command.setGroove(SetGroove.newBuilder().setName("bossa")).build();
      case DYNAMICS ->
          command
              .setDynamics(SetDynamics.newBuilder().setLevel(Dynamic.FF).setRampBeats(4))
              .build();
      case ACCENT -> command.setAccent(Accent.getDefaultInstance()).build();
      case PROGRESSION ->
          command
              .setProgression(
                  SetProgression.newBuilder().addChords("ii").addChords("V7").addChords("I"))
              .build();
      case FOLLOW ->
          command
              .setFollow(
                  org.attune.protocol.v1.FollowMember.newBuilder()
                      .setParticipantId("m2")
                      .setMinBpm(70)
                      .setMaxBpm(120))
              .build();
      case KIND_NOT_SET -> command.build();
    };
  }

  static TempoSegment segment(TempoSegment.KindCase kind) {
    TempoSegment.Builder segment =
        TempoSegment.newBuilder().setStartServerMicros(2_000_000).setStartBeat(4);
    return switch (kind) {
      case STEADY -> segment.setSteady(Steady.newBuilder().setBpm(120)).build();
      case RAMP ->
          segment.setRamp(Ramp.newBuilder().setFromBpm(120).setToBpm(90).setBeats(8)).build();
      case HOLD -> segment.setHold(Hold.newBuilder().setBpm(120)).build();
      case KIND_NOT_SET -> segment.build();
    };
  }

  private static Snapshot snapshot() {
    return Snapshot.newBuilder()
        .setServerNowMicros(9_000_000)
        .setTempoMap(
            TempoMap.newBuilder()
                .addSegments(segment(TempoSegment.KindCase.STEADY))
                .addSegments(
                    segment(TempoSegment.KindCase.RAMP).toBuilder().setStartServerMicros(4_000_000))
                .addSegments(
                    segment(TempoSegment.KindCase.HOLD).toBuilder()
                        .setStartServerMicros(9_000_000)))
        .setForm(form())
        .addPending(structureChange())
        .setRoster(roster())
        .setLastSequence(12)
        .setLookaheadMicros(150_000)
        .build();
  }

  private static FormState form() {
    return FormState.newBuilder()
        .setSection("B")
        .setMeter(Meter.newBuilder().setBeatsPerBar(3).setBeatUnit(4))
        .setBarOriginBeat(12)
        .setPhraseBars(4)
        .setKey(Key.newBuilder().setTonic(9).setMode(Mode.NATURAL_MINOR))
        .setGroove("waltz")
        .setDynamics(
            DynamicsRamp.newBuilder()
                .setFrom(Dynamic.P)
                .setTo(Dynamic.F)
                .setStartBeat(12)
                .setBeats(6))
        .setProgression(Progression.newBuilder().addChords("i").addChords("iv").setStartBeat(12))
        .build();
  }

  private static StructureChange structureChange() {
    return StructureChange.newBuilder()
        .setSequence(12)
        .setEffectiveBeat(32)
        .setEffectiveServerMicros(16_000_000)
        .setTempoMap(TempoMap.newBuilder().addSegments(segment(TempoSegment.KindCase.STEADY)))
        .setForm(
            FormPatch.newBuilder()
                .setSection("C")
                .setBarOriginBeat(0)
                .setKey(Key.newBuilder().setTonic(7).setMode(Mode.MIXOLYDIAN))
                .setAccent(true))
        .setDescription("section C at next phrase")
        .build();
  }

  private static Roster roster() {
    return Roster.newBuilder()
        .addMembers(
            Member.newBuilder()
                .setParticipantId("p1")
                .setName("Sam")
                .setInstrument("djembe")
                .setRole(Role.PARTICIPANT)
                .setConnected(true))
        .addMembers(
            Member.newBuilder()
                .setParticipantId("f1")
                .setName("Therapist")
                .setRole(Role.FACILITATOR))
        .addMembers(
            Member.newBuilder().setParticipantId("l1").setName("Supervisor").setRole(Role.LISTENER))
        .build();
  }
}
