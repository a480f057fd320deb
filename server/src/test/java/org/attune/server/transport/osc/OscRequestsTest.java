package org.attune.server.transport.osc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.illposed.osc.OSCMessage;
import java.nio.ByteBuffer;
import java.util.List;
import org.attune.protocol.v1.BackingPart;
import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.Quantize.Boundary;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.RecordFormat;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetStrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every address of the OSC table, through the real codec: encoded as a tool would send it, decoded,
 * and read into a request.
 */
class OscRequestsTest {

  private static OscRequest readWith(String defaultAt, String address, Object... args)
      throws Exception {
    OscCodec codec = new OscCodec();
    byte[] bytes = codec.encode(new OSCMessage(address, List.of(args)));
    List<OSCMessage> decoded = OscCodec.messages(codec.decode(ByteBuffer.wrap(bytes)));
    assertThat(decoded).hasSize(1);
    return OscRequests.read(decoded.get(0), defaultAt);
  }

  private static OscRequest read(String address, Object... args) throws Exception {
    return readWith(null, address, args);
  }

  private static Gesture gesture(String address, Object... args) throws Exception {
    OscRequest r = read(address, args);
    assertThat(r).isInstanceOf(OscRequest.Play.class);
    return ((OscRequest.Play) r).gesture();
  }

  private static FacilitatorCommand command(String address, Object... args) throws Exception {
    OscRequest r = read(address, args);
    assertThat(r).isInstanceOf(OscRequest.Command.class);
    return ((OscRequest.Command) r).command();
  }

  private static MixerCommand mix(String address, Object... args) throws Exception {
    OscRequest r = read(address, args);
    assertThat(r).isInstanceOf(OscRequest.Mix.class);
    return ((OscRequest.Mix) r).command();
  }

  private static SetStrip strip(String address, Object... args) throws Exception {
    MixerCommand c = mix(address, args);
    assertThat(c.hasStrip()).as("a strip command").isTrue();
    return c.getStrip();
  }

  private static List<BackingPart> backing(String address, Object... args) throws Exception {
    MixerCommand c = mix(address, args);
    assertThat(c.hasBacking()).as("a backing command").isTrue();
    return c.getBacking().getPartsList();
  }

  private static void refused(String address, String sentence, Object... args) {
    assertThatThrownBy(() -> read(address, args))
        .isInstanceOf(OscRequestException.class)
        .hasMessageContaining(sentence);
  }

  // ---------------------------------------------------------------- recording

  private static RecordCommand record(Object... args) throws Exception {
    OscRequest r = read("/attune/record", args);
    assertThat(r).isInstanceOf(OscRequest.Record.class);
    return ((OscRequest.Record) r).command();
  }

  @Test
  void recordStartsWithAFormatAndStemsInEitherOrderAndStopsPlainly() throws Exception {
    assertThat(record()).isEqualTo(RecordCommand.newBuilder().setStart(true).build());
    assertThat(record("start", "opus", "stems"))
        .isEqualTo(
            RecordCommand.newBuilder()
                .setStart(true)
                .setFormat(RecordFormat.OGG_OPUS)
                .setStems(true)
                .build());
    assertThat(record(1, "STEMS", "float").getFormat()).isEqualTo(RecordFormat.WAV_FLOAT32);
    assertThat(record("start", "wav").getFormat()).isEqualTo(RecordFormat.WAV_PCM24);
    assertThat(record(0).getStart()).isFalse();
    assertThat(record("stop").getStart()).isFalse();
  }

  @Test
  void recordRefusesAnUnknownFormatAndWordsAfterStop() {
    refused("/attune/record", "say wav, float or opus, and stems, not \"mp3\"", "start", "mp3");
    refused("/attune/record", "stop takes nothing more", "stop", "stems");
    refused("/attune/record", "1 starts a recording and 0 stops it, not 2", 2);
  }

  // ---------------------------------------------------------------- membership

  @Test
  void joinAsParticipantWithInstrumentAndReplyPort() throws Exception {
    assertThat(read("/attune/join", "K7QHM-3ZPX2", "Sam", "tablet", 9000))
        .isEqualTo(
            new OscRequest.Join(
                "K7QHM-3ZPX2",
                "Sam",
                "tablet",
                Role.PARTICIPANT,
                "",
                9000,
                OscServerTime.SECONDS_AND_MICROS));
  }

  @Test
  void joinWithOnlyCodeAndNameAnswersAtTheSendersPort() throws Exception {
    assertThat(read("/attune/join", "CODE", "Sam"))
        .isEqualTo(
            new OscRequest.Join(
                "CODE", "Sam", "", Role.PARTICIPANT, "", 0, OscServerTime.SECONDS_AND_MICROS));
  }

  @Test
  void aReplyPortMayComeAsAFloatFromAFaderMinded() throws Exception {
    assertThat(((OscRequest.Join) read("/attune/join", "CODE", "Sam", 9000f)).replyPort())
        .isEqualTo(9000);
  }

  @Test
  void joinAsFacilitatorTakesTheKeySecond() throws Exception {
    assertThat(read("/attune/join/facilitator", "CODE", "secret", "Therapist", "console", 9001))
        .isEqualTo(
            new OscRequest.Join(
                "CODE",
                "Therapist",
                "console",
                Role.FACILITATOR,
                "secret",
                9001,
                OscServerTime.SECONDS_AND_MICROS));
  }

  @Test
  void int64ServerTimesAreAJoinOptionAfterTheOtherArguments() throws Exception {
    assertThat(
            ((OscRequest.Join) read("/attune/join", "CODE", "Sam", "tablet", 9000, "--int64"))
                .times())
        .isEqualTo(OscServerTime.INT64_MICROS);
    assertThat(read("/attune/join", "CODE", "Sam", "--int64"))
        .as("no instrument, no port")
        .isEqualTo(
            new OscRequest.Join(
                "CODE", "Sam", "", Role.PARTICIPANT, "", 0, OscServerTime.INT64_MICROS));
    assertThat(
            ((OscRequest.Join)
                    read("/attune/join/facilitator", "CODE", "key", "T", 9001, "--INT64"))
                .times())
        .isEqualTo(OscServerTime.INT64_MICROS);
    refused(
        "/attune/join",
        "knows no join option \"--int32\"; the one option is --int64",
        "CODE",
        "Sam",
        "--int32");
    refused("/attune/join", "needs the name before any option", "CODE", "--int64");
    refused("/attune/join", "more arguments", "CODE", "Sam", "--int64", "tablet");
  }

  @Test
  void theReplyPortOfAJoinIsFoundEvenWhenItsArgumentsDoNotRead() {
    assertThat(replyPortOf("/attune/join", "CODE", "Sam", "pd", 9000, 1)).isEqualTo(9000);
    assertThat(replyPortOf("/attune/join", "CODE", "Sam", 9000f, "--int32")).isEqualTo(9000);
    assertThat(replyPortOf("/attune/join/conductor", "CODE", "Sam", 9000)).isEqualTo(9000);
    assertThat(replyPortOf("/attune/join/facilitator", "CODE", "key", "T", 9001)).isEqualTo(9001);
    assertThat(replyPortOf("/attune/join", "CODE", "Sam", 70000)).as("no port").isZero();
    assertThat(replyPortOf("/attune/join", "CODE", "Sam", "pd")).isZero();
    assertThat(replyPortOf("/attune/pad", 3, 9000)).as("not a join").isZero();
  }

  private static int replyPortOf(String address, Object... args) {
    return OscRequests.namedReplyPort(new OSCMessage(address, List.of(args)));
  }

  @Test
  void joinAsListener() throws Exception {
    assertThat(((OscRequest.Join) read("/attune/join/listener", "CODE", "Supervisor")).role())
        .isEqualTo(Role.LISTENER);
  }

  @Test
  void joinRefusesAnUnknownRoleABadPortAndExtraArguments() {
    refused("/attune/join/conductor", "does not know the address");
    refused("/attune/join", "reply port must be 1..65535", "CODE", "Sam", "tablet", 70000);
    refused("/attune/join", "more arguments", "CODE", "Sam", "tablet", 9000, 1);
    refused("/attune/join", "needs the name", "CODE");
  }

  @Test
  void leavePingAndQuantize() throws Exception {
    assertThat(read("/attune/leave")).isInstanceOf(OscRequest.Leave.class);
    assertThat(read("/attune/ping")).isInstanceOf(OscRequest.Ping.class);
    assertThat(read("/attune/quantize", "next-phrase:8"))
        .isEqualTo(new OscRequest.SetQuantize("next-phrase:8"));
    refused("/attune/quantize", "is not a time", "soon");
  }

  // ---------------------------------------------------------------- gestures

  @Test
  void noteOnAndOffExplicitlyOrByVelocityZero() throws Exception {
    Gesture on = gesture("/attune/note/on", 60, 100);
    assertThat(on.getNoteOn().getPitch()).isEqualTo(60);
    assertThat(on.getVelocity()).isEqualTo(100 / 127f);
    assertThat(gesture("/attune/note/off", 60).getNoteOff().getPitch()).isEqualTo(60);
    assertThat(gesture("/attune/note", 62, 0.5f).getNoteOn().getPitch()).isEqualTo(62);
    assertThat(gesture("/attune/note", 62, 0).hasNoteOff()).isTrue();
    assertThat(gesture("/attune/note/64", 0.7f).getNoteOn().getPitch()).isEqualTo(64);
    refused("/attune/note", "pitch must be 0..127", 128, 1f);
  }

  @ParameterizedTest(name = "velocity {0} reads as {1}")
  @CsvSource({
    "int:127, 1.0",
    "int:0, 0.0",
    "float:0.5, 0.5",
    "float:1.0, 1.0",
    "float:63.5, 0.5",
    "string:0.25, 0.25",
    "bool:true, 1.0"
  })
  void velocityIsZeroToOneOrMidiWhateverTheTypeTag(String sent, float expected) throws Exception {
    String[] kindValue = sent.split(":");
    Object value =
        switch (kindValue[0]) {
          case "int" -> Integer.parseInt(kindValue[1]);
          case "float" -> Float.parseFloat(kindValue[1]);
          case "bool" -> Boolean.parseBoolean(kindValue[1]);
          default -> kindValue[1];
        };
    if (expected == 0) {
      assertThat(read("/attune/hit", 38, value)).isInstanceOf(OscRequest.ButtonReleased.class);
    } else {
      assertThat(gesture("/attune/hit", 38, value).getVelocity())
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  @Test
  void underMidiEveryVelocityIsMidiWhateverTheTypeTag() throws Exception {
    assertThat(gesture("/attune/midi/note", 60f, 1f).getVelocity())
        .as("Pd's float 1 from [notein]: MIDI 1, not full volume")
        .isEqualTo(1 / 127f);
    assertThat(gesture("/attune/midi/note/on", 60, 127).getVelocity()).isEqualTo(1f);
    assertThat(gesture("/attune/midi/note", 60f, 0f).hasNoteOff()).isTrue();
    assertThat(gesture("/attune/midi/note/off", 60f).getNoteOff().getPitch()).isEqualTo(60);
    Gesture pad = gesture("/attune/midi/pad", 3f, 64f);
    assertThat(pad.getPad().getDegree()).isEqualTo(3);
    assertThat(pad.getVelocity()).isEqualTo(64 / 127f);
    assertThat(gesture("/attune/midi/pad/3", 0f).getPad().getRelease()).isTrue();
    assertThat(gesture("/attune/midi/tone", 2f, 1f).getPad().getLayer()).isEqualTo(PadLayer.CHORD);
    assertThat(gesture("/attune/midi/hit", 38f, 0.5f).getVelocity()).isEqualTo(0.5f / 127);
    assertThat(gesture("/attune/midi/control", 1f).getControl().getValue()).isEqualTo(1 / 127f);
    assertThat(gesture("/attune/midi/intensity", 127f).getControl().getValue()).isEqualTo(1f);
    refused("/attune/midi/note", "the velocity must be a MIDI value 0..127, not 128", 60, 128f);
    refused("/attune/midi/control", "must be a MIDI value 0..127, not -1", -1);
    refused("/attune/midi/tap", "does not know the address /attune/midi/tap");
    refused("/attune/midi", "does not know the address /attune/midi");
  }

  @Test
  void padByArgumentOrAddressTouchOscStyle() throws Exception {
    Gesture pad = gesture("/attune/pad", 3, 0.8f);
    assertThat(pad.getPad().getDegree()).isEqualTo(3);
    assertThat(pad.getPad().getLayer()).isEqualTo(PadLayer.SCALE);
    assertThat(pad.getVelocity()).isEqualTo(0.8f);
    Gesture fromAddress = gesture("/attune/pad/5", 1f);
    assertThat(fromAddress.getPad().getDegree()).isEqualTo(5);
    assertThat(fromAddress.getVelocity()).isEqualTo(1f);
    assertThat(gesture("/attune/pad/5", 0f).getPad().getRelease()).isTrue();
    assertThat(gesture("/attune/pad/release", 5).getPad().getRelease()).isTrue();
    assertThat(gesture("/attune/pad", -2).getVelocity()).isEqualTo(OscRequests.DEFAULT_VELOCITY);
    refused("/attune/pad", "must be a whole number", 2.5f);
    refused("/attune/pad", "needs the scale degree");
  }

  @Test
  void chordTones() throws Exception {
    Gesture tone = gesture("/attune/tone", 2, 90);
    assertThat(tone.getPad().getLayer()).isEqualTo(PadLayer.CHORD);
    assertThat(tone.getPad().getDegree()).isEqualTo(2);
    assertThat(gesture("/attune/tone/release", 2).getPad().getRelease()).isTrue();
  }

  @Test
  void hitsAndAButtonsRelease() throws Exception {
    Gesture hit = gesture("/attune/hit/38", 1f);
    assertThat(hit.getHit().getInstrument()).isEqualTo(38);
    assertThat(read("/attune/hit/38", 0f)).isInstanceOf(OscRequest.ButtonReleased.class);
  }

  @Test
  void controlFromAFaderOrAMidiController() throws Exception {
    assertThat(gesture("/attune/control", 0.25f).getControl().getValue()).isEqualTo(0.25f);
    assertThat(gesture("/attune/intensity", 127).getControl().getValue()).isEqualTo(1f);
    refused("/attune/control", "must be 0..1 or 0..127", 200);
    refused("/attune/control", "must be 0..1 or 0..127", -0.5f);
    refused("/attune/control", "must be a number, not \"loud\"", "loud");
  }

  @Test
  void tapOnPressOnly() throws Exception {
    assertThat(gesture("/attune/tap").hasTap()).isTrue();
    assertThat(gesture("/attune/tap", 1f).hasTap()).isTrue();
    assertThat(read("/attune/tap", 0f)).isInstanceOf(OscRequest.ButtonReleased.class);
  }

  // ---------------------------------------------------------------- facilitator

  @Test
  void tempoWithRampAndTime() throws Exception {
    FacilitatorCommand c = command("/attune/tempo", 96f, 8, "next-bar");
    assertThat(c.getTempo().getBpm()).isEqualTo(96);
    assertThat(c.getTempo().getRampBeats()).isEqualTo(8);
    assertThat(c.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_BAR);
    assertThat(command("/attune/tempo", 120).getQuantize().getBoundary())
        .isEqualTo(Boundary.NEXT_BEAT);
    assertThat(command("/attune/tempo/72", 1f).getTempo().getBpm()).isEqualTo(72);
    refused("/attune/tempo", "tempo", "fast");
  }

  @Test
  void fermataAndReleaseAsButtonsOrWithATempo() throws Exception {
    assertThat(command("/attune/fermata").hasFermata()).isTrue();
    assertThat(command("/attune/fermata", 1f).hasFermata()).isTrue();
    assertThat(read("/attune/fermata", 0f)).isInstanceOf(OscRequest.ButtonReleased.class);
    assertThat(command("/attune/release", 1f).getRelease().getBpm()).isZero();
    assertThat(command("/attune/release", 84).getRelease().getBpm()).isEqualTo(84);
    assertThat(command("/attune/taptempo").hasTapTempo()).isTrue();
  }

  @Test
  void sectionGrooveAndAccentWithQuantization() throws Exception {
    FacilitatorCommand section = command("/attune/section", "B", "next-phrase");
    assertThat(section.getSection().getName()).isEqualTo("B");
    assertThat(section.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_PHRASE);
    assertThat(command("/attune/section/Coda", 1f).getSection().getName()).isEqualTo("Coda");
    assertThat(command("/attune/groove", "swing").getGroove().getName()).isEqualTo("swing");
    FacilitatorCommand accent = command("/attune/accent", "beat:32");
    assertThat(accent.hasAccent()).isTrue();
    assertThat(accent.getQuantize().getBoundary()).isEqualTo(Boundary.AT_BEAT);
    assertThat(accent.getQuantize().getAtBeat()).isEqualTo(32);
  }

  @Test
  void keyByNameOrPitchClassAndMode() throws Exception {
    FacilitatorCommand dorian = command("/attune/key", "D", "dorian");
    assertThat(dorian.getKey().getTonic()).isEqualTo(2);
    assertThat(dorian.getKey().getMode()).isEqualTo(Mode.DORIAN);
    FacilitatorCommand byNumber = command("/attune/key", 9, "minor pentatonic", "next-beat");
    assertThat(byNumber.getKey().getTonic()).isEqualTo(9);
    assertThat(byNumber.getKey().getMode()).isEqualTo(Mode.MINOR_PENTATONIC);
    assertThat(command("/attune/key/G/mixolydian", 1f).getKey().getMode())
        .isEqualTo(Mode.MIXOLYDIAN);
    refused("/attune/key", "must be 0..11", 12);
  }

  @Test
  void meterAsTwoNumbersOrAFractionWithPhrase() throws Exception {
    FacilitatorCommand three = command("/attune/meter", 3, 4);
    assertThat(three.getMeter().getBeatsPerBar()).isEqualTo(3);
    assertThat(three.getMeter().getBeatUnit()).isEqualTo(4);
    FacilitatorCommand withPhrase = command("/attune/meter", 6, 8, 2);
    assertThat(withPhrase.getMeter().getPhraseBars()).isEqualTo(2);
    FacilitatorCommand fraction = command("/attune/meter", "5/4", 3);
    assertThat(fraction.getMeter().getBeatsPerBar()).isEqualTo(5);
    assertThat(fraction.getMeter().getPhraseBars()).isEqualTo(3);
  }

  @Test
  void dynamicsWithRamp() throws Exception {
    FacilitatorCommand crescendo = command("/attune/dynamics", "ff", 4);
    assertThat(crescendo.getDynamics().getLevel()).isEqualTo(Dynamic.FF);
    assertThat(crescendo.getDynamics().getRampBeats()).isEqualTo(4);
    assertThat(command("/attune/dynamics/pp", 1f).getDynamics().getLevel()).isEqualTo(Dynamic.PP);
    refused("/attune/dynamics", "dynamic", "loud");
  }

  @Test
  void chordsAndAWholeConsoleLine() throws Exception {
    FacilitatorCommand chords = command("/attune/chords", "I", "IV", "V7", "I", "next-phrase");
    assertThat(chords.getProgression().getChordsList()).containsExactly("I", "IV", "V7", "I");
    assertThat(chords.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_PHRASE);
    FacilitatorCommand line = command("/attune/command", "tempo 80 --ramp 4 --at next-bar");
    assertThat(line.getTempo().getBpm()).isEqualTo(80);
    assertThat(line.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_BAR);
    refused("/attune/command", "is not a command", "jump");
  }

  @Test
  void theEndpointsChosenQuantizationAppliesUnlessTheCommandNamesATime() throws Exception {
    OscRequest.Command section =
        (OscRequest.Command) readWith("next-phrase", "/attune/section", "B");
    assertThat(section.command().getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_PHRASE);
    OscRequest.Command now =
        (OscRequest.Command) readWith("next-phrase", "/attune/section", "B", "next-beat");
    assertThat(now.command().getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_BEAT);
  }

  // ---------------------------------------------------------------- mixer

  @Test
  void theSpotlightAndWhatRemoteMembersHearAsTheConsoleSaysThem() throws Exception {
    var on = ((OscRequest.Mix) read("/attune/mixer/spotlight", "m2", -6f)).command().getSpotlight();
    assertThat(on.getParticipantId()).isEqualTo("m2");
    assertThat(on.getDuckDb()).isEqualTo(-6f);
    var path = ((OscRequest.Mix) read("/attune/mixer/spotlight/m3")).command().getSpotlight();
    assertThat(path.getParticipantId()).isEqualTo("m3");
    assertThat(path.getDuckDb()).as("the default duck").isZero();
    assertThat(
            ((OscRequest.Mix) read("/attune/mixer/spotlight", "off"))
                .command()
                .getSpotlight()
                .getParticipantId())
        .isEmpty();
    assertThat(
            ((OscRequest.Mix) read("/attune/mixer/remote", "stream"))
                .command()
                .getRemoteSound()
                .getSound())
        .isEqualTo(org.attune.protocol.v1.RemoteSound.SERVER_STREAM);
    refused("/attune/mixer/spotlight", "ducked by", "m2", 0);
    refused("/attune/mixer/remote", "remote stream", "loud");
  }

  @Test
  void aStripsGainFromAFaderAsFloatIntOrTextSettingNothingElse() throws Exception {
    SetStrip gain = strip("/attune/mixer/gain", "m2", -6.5f);
    assertThat(gain.getParticipantId()).isEqualTo("m2");
    assertThat(gain.getGainDb()).isEqualTo(-6.5f);
    assertThat(gain.hasPan() || gain.hasMute() || gain.hasSolo() || gain.hasInstrument())
        .as("only the gain changes")
        .isFalse();
    assertThat(strip("/attune/mixer/gain", "m2", -12).getGainDb()).isEqualTo(-12f);
    assertThat(strip("/attune/mixer/gain", "m2", "3").getGainDb()).isEqualTo(3f);
    assertThat(strip("/attune/mixer/gain/m7", 0.5f).getParticipantId()).isEqualTo("m7");
    assertThat(strip("/attune/mixer/gain/m7/-3").getGainDb()).isEqualTo(-3f);
    refused("/attune/mixer/gain", "the gain in dB must be a number, not \"loud\"", "m2", "loud");
    refused("/attune/mixer/gain", "needs the gain in dB", "m2");
    refused("/attune/mixer/gain", "needs the member id");
  }

  @Test
  void aStripsPanLeftToRight() throws Exception {
    assertThat(strip("/attune/mixer/pan", "m1", -1f).getPan()).isEqualTo(-1f);
    assertThat(strip("/attune/mixer/pan/m1", 0.25f).getPan()).isEqualTo(0.25f);
    assertThat(strip("/attune/mixer/pan/m1", 1).getPan()).isEqualTo(1f);
    refused("/attune/mixer/pan", "pan (-1 left .. 1 right) must be a number", "m1", "left");
  }

  @Test
  void muteAndSoloAreTogglesAndABareAddressSwitchesOn() throws Exception {
    SetStrip muted = strip("/attune/mixer/mute/m2");
    assertThat(muted.hasMute()).isTrue();
    assertThat(muted.getMute()).isTrue();
    assertThat(strip("/attune/mixer/mute/m2", 1f).getMute()).isTrue();
    SetStrip unmuted = strip("/attune/mixer/mute/m2", 0);
    assertThat(unmuted.hasMute()).as("0 unmutes, it is not a release").isTrue();
    assertThat(unmuted.getMute()).isFalse();
    assertThat(strip("/attune/mixer/mute", "m2", true).getMute()).isTrue();
    SetStrip solo = strip("/attune/mixer/solo", "m3", 1);
    assertThat(solo.getSolo()).isTrue();
    assertThat(solo.hasMute()).isFalse();
    assertThat(strip("/attune/mixer/solo/m3", 0f).getSolo()).isFalse();
    refused("/attune/mixer/mute/m2", "the mute value must be 0 or 1, not 0.5", 0.5f);
    refused("/attune/mixer/solo/m2", "the solo value must be 0 or 1, not 127", 127);
  }

  @Test
  void anInstrumentByNameOfSeveralWordsOrByProgramNumber() throws Exception {
    assertThat(strip("/attune/mixer/instrument", "m2", "marimba").getInstrument())
        .isEqualTo("marimba");
    assertThat(strip("/attune/mixer/instrument/m2", 13).getInstrument()).isEqualTo("13");
    assertThat(strip("/attune/mixer/instrument/m2", 13f).getInstrument()).isEqualTo("13");
    assertThat(strip("/attune/mixer/instrument/m2/electric", "piano").getInstrument())
        .isEqualTo("electric piano");
    assertThat(strip("/attune/mixer/instrument", "m2", "acoustic guitar").getInstrument())
        .isEqualTo("acoustic guitar");
    refused("/attune/mixer/instrument", "needs the instrument", "m2");
  }

  @Test
  void theMasterGain() throws Exception {
    MixerCommand master = mix("/attune/mixer/master", -3f);
    assertThat(master.hasMaster()).isTrue();
    assertThat(master.getMaster().getGainDb()).isEqualTo(-3f);
    assertThat(mix("/attune/mixer/master/-10").getMaster().getGainDb()).isEqualTo(-10f);
    refused("/attune/mixer/master", "needs the master gain in dB");
  }

  @Test
  void unknownMixerControlsAreUnknownAddresses() {
    refused("/attune/mixer", "does not know the address /attune/mixer");
    refused("/attune/mixer/volume", "does not know the address /attune/mixer/volume");
    refused("/attune/mixer/volume/m2", "does not know the address", 1);
  }

  @Test
  void backingPartsByNameInOrderOfTheBand() throws Exception {
    assertThat(backing("/attune/backing", "pad", "click"))
        .containsExactly(BackingPart.CLICK, BackingPart.PAD);
    assertThat(backing("/attune/backing", "drums bass, comping"))
        .containsExactly(BackingPart.DRUMS, BackingPart.BASS, BackingPart.COMPING);
    assertThat(backing("/attune/backing/Drums/BASS"))
        .containsExactly(BackingPart.DRUMS, BackingPart.BASS);
    assertThat(backing("/attune/backing", "on"))
        .containsExactly(BackingPart.DRUMS, BackingPart.BASS, BackingPart.PAD);
    assertThat(backing("/attune/backing", "on", "click"))
        .containsExactly(BackingPart.CLICK, BackingPart.DRUMS, BackingPart.BASS, BackingPart.PAD);
    assertThat(backing("/attune/backing", "off")).isEmpty();
    assertThat(backing("/attune/backing")).as("no part: the backing stops").isEmpty();
    refused(
        "/attune/backing",
        "backing parts are click, drums, bass, pad and comping",
        "drums",
        "tuba");
    refused("/attune/backing", "the backing part must be text", "drums", 3, "bass");
  }

  @Test
  void backingAsAButtonOrAToggle() throws Exception {
    assertThat(backing("/attune/backing/on", 1f))
        .containsExactly(BackingPart.DRUMS, BackingPart.BASS, BackingPart.PAD);
    assertThat(read("/attune/backing/on", 0f)).isInstanceOf(OscRequest.ButtonReleased.class);
    assertThat(backing("/attune/backing/click", 1)).containsExactly(BackingPart.CLICK);
    assertThat(backing("/attune/backing", 1f))
        .containsExactly(BackingPart.DRUMS, BackingPart.BASS, BackingPart.PAD);
    assertThat(backing("/attune/backing", 0)).as("a toggle switched off").isEmpty();
    refused("/attune/backing", "parts are named", 2);
  }

  @Test
  void unknownAddresses() {
    refused("/attune/dance", "does not know the address /attune/dance");
    refused("/other/pad", "does not know the address");
    refused("/attune/", "does not know the address");
  }
}
