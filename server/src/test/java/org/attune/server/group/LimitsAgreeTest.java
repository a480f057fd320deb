package org.attune.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.Message;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.Collections;
import java.util.stream.Stream;
import org.attune.audio.bus.RenderObserver;
import org.attune.clock.ServerClock;
import org.attune.clock.TempoMap;
import org.attune.command.FacilitatorCommandParser;
import org.attune.command.MixerCommandParser;
import org.attune.form.FormLimits;
import org.attune.form.FormStates;
import org.attune.mixer.MixerLimits;
import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetDynamics;
import org.attune.protocol.v1.SetGroove;
import org.attune.protocol.v1.SetKey;
import org.attune.protocol.v1.SetMaster;
import org.attune.protocol.v1.SetMeter;
import org.attune.protocol.v1.SetProgression;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.SetSpotlight;
import org.attune.protocol.v1.SetStrip;
import org.attune.protocol.v1.SetTempo;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.metrics.GroupMeters;
import org.attune.server.mixer.SoundSystem;
import org.attune.server.transport.osc.OscReading;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bound of {@link FormLimits} and {@link MixerLimits}, taken through each path a command can
 * come by: the console's text parser, a client's protobuf straight to the server, and an OSC
 * message through the OSC reader. At the bound each path accepts, and the server carries the
 * command out (the planner plans it, the mixer applies it); one step past it each path refuses,
 * whether its reader or the server says no, and a refused mixer command changes nothing. Values are
 * built from the constants, so a check that keeps a literal of its own shows up here as soon as the
 * constant moves.
 */
class LimitsAgreeTest {

  /** 120 BPM from beat 0 at server time 1 s; ten seconds in, beat 20 is the earliest. */
  private static final TempoMap MAP = TempoMap.steady(1_000_000, 120);

  private static final long EARLIEST_MICROS = 11_000_000;

  /** An OSC message: its address and arguments (Integer, Float, String, as a tool types them). */
  record Osc(String address, Object... args) {
    Message read() throws OscReading.Refused {
      return OscReading.read(address, args);
    }
  }

  /** One form bound as each path writes it; a null where a path cannot say that value. */
  record FormBound(
      String name,
      String consoleAt,
      String consolePast,
      FacilitatorCommand wireAt,
      FacilitatorCommand wirePast,
      Osc oscAt,
      Osc oscPast) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** One mixer bound as each path writes it; a null where a path cannot say that value. */
  record MixerBound(
      String name,
      String consoleAt,
      String consolePast,
      MixerCommand wireAt,
      MixerCommand wirePast,
      Osc oscAt,
      Osc oscPast) {
    @Override
    public String toString() {
      return name;
    }
  }

  // ---------------------------------------------------------------- form

  static Stream<FormBound> formBounds() {
    String label = "x".repeat(FormLimits.MAX_LABEL_CHARS);
    String tooLong = label + "x";
    // 🎵 is two UTF-16 units: every path counts it as one character.
    String notes = "\uD83C\uDFB5".repeat(FormLimits.MAX_LABEL_CHARS);
    String tooManyNotes = notes + "\uD83C\uDFB5";
    int chords = FormLimits.MAX_CHORDS;
    int beats = FormLimits.MAX_BEATS_PER_BAR;
    int fewest = FormLimits.MIN_BEATS_PER_BAR;
    int bars = FormLimits.MAX_PHRASE_BARS;
    double ramp = FormLimits.MAX_RAMP_BEATS;
    double pastRamp = ramp + 0.5;
    int tonic = FormLimits.MAX_PITCH_CLASS;
    double fastest = TempoMap.MAX_BPM;
    double slowest = TempoMap.MIN_BPM;
    return Stream.of(
        new FormBound(
            "section name length",
            "section " + label,
            "section " + tooLong,
            section(label),
            section(tooLong),
            new Osc("/attune/section", label),
            new Osc("/attune/section", tooLong)),
        new FormBound(
            "groove name length",
            "groove " + label,
            "groove " + tooLong,
            groove(label),
            groove(tooLong),
            new Osc("/attune/groove", label),
            new Osc("/attune/groove", tooLong)),
        new FormBound(
            "section name length in characters, not UTF-16 units",
            "section " + notes,
            "section " + tooManyNotes,
            section(notes),
            section(tooManyNotes),
            new Osc("/attune/section", notes),
            new Osc("/attune/section", tooManyNotes)),
        new FormBound(
            "section name printable",
            "section B",
            "section B\u0007",
            section("B"),
            section("B\u0007"),
            new Osc("/attune/section", "B"),
            new Osc("/attune/section", "B\u0007")),
        new FormBound(
            "chords in a progression",
            "chords " + romans(chords),
            "chords " + romans(chords + 1),
            progression(chords),
            progression(chords + 1),
            new Osc("/attune/chords", romans(chords)),
            new Osc("/attune/chords", romans(chords + 1))),
        new FormBound(
            "most beats per bar",
            "meter " + beats + "/4",
            "meter " + (beats + 1) + "/4",
            meter(beats, 4, 0),
            meter(beats + 1, 4, 0),
            new Osc("/attune/meter", beats, 4),
            new Osc("/attune/meter", beats + 1, 4)),
        new FormBound(
            "fewest beats per bar",
            "meter " + fewest + "/4",
            "meter " + (fewest - 1) + "/4",
            meter(fewest, 4, 0),
            meter(fewest - 1, 4, 0),
            new Osc("/attune/meter", fewest, 4),
            new Osc("/attune/meter", fewest - 1, 4)),
        new FormBound(
            "largest beat unit",
            "meter 3/16",
            "meter 3/32",
            meter(3, 16, 0),
            meter(3, 32, 0),
            new Osc("/attune/meter", 3, 16),
            new Osc("/attune/meter", 3, 32)),
        new FormBound(
            "smallest beat unit",
            "meter 3/2",
            "meter 3/1",
            meter(3, 2, 0),
            meter(3, 1, 0),
            new Osc("/attune/meter", 3, 2),
            new Osc("/attune/meter", 3, 1)),
        new FormBound(
            "beat units between",
            "meter 3/8",
            "meter 3/6",
            meter(3, 8, 0),
            meter(3, 6, 0),
            new Osc("/attune/meter", 3, 8),
            new Osc("/attune/meter", 3, 6)),
        new FormBound(
            "bars in a meter's phrase",
            "meter 4/4 --phrase " + bars,
            "meter 4/4 --phrase " + (bars + 1),
            meter(4, 4, bars),
            meter(4, 4, bars + 1),
            new Osc("/attune/meter", 4, 4, bars),
            new Osc("/attune/meter", 4, 4, bars + 1)),
        new FormBound(
            "bars of next-phrase:N",
            "section B --at next-phrase:" + bars,
            "section B --at next-phrase:" + (bars + 1),
            sectionAtNextPhrase(bars),
            sectionAtNextPhrase(bars + 1),
            new Osc("/attune/section", "B", "next-phrase:" + bars),
            new Osc("/attune/section", "B", "next-phrase:" + (bars + 1))),
        new FormBound(
            "tempo ramp beats",
            "tempo 96 --ramp " + number(ramp),
            "tempo 96 --ramp " + number(pastRamp),
            tempo(96, ramp),
            tempo(96, pastRamp),
            new Osc("/attune/tempo", 96, (float) ramp),
            new Osc("/attune/tempo", 96, (float) pastRamp)),
        new FormBound(
            "dynamics ramp beats",
            "dynamics f --ramp " + number(ramp),
            "dynamics f --ramp " + number(pastRamp),
            dynamics(ramp),
            dynamics(pastRamp),
            new Osc("/attune/dynamics", "f", (float) ramp),
            new Osc("/attune/dynamics", "f", (float) pastRamp)),
        new FormBound(
            "tonic pitch class",
            "key B",
            null,
            key(tonic),
            key(tonic + 1),
            new Osc("/attune/key", tonic),
            new Osc("/attune/key", tonic + 1)),
        new FormBound(
            "fastest tempo",
            "tempo " + number(fastest),
            "tempo " + number(fastest + 1),
            tempo(fastest, 0),
            tempo(fastest + 1, 0),
            new Osc("/attune/tempo", (float) fastest),
            new Osc("/attune/tempo", (float) fastest + 1)),
        new FormBound(
            "slowest tempo",
            "tempo " + number(slowest),
            "tempo " + number(slowest - 1),
            tempo(slowest, 0),
            tempo(slowest - 1, 0),
            new Osc("/attune/tempo", (float) slowest),
            new Osc("/attune/tempo", (float) slowest - 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formBounds")
  void theConsoleParserTakesTheBoundAndRefusesOnePast(FormBound bound) throws Refusal {
    FacilitatorCommand parsed = FacilitatorCommandParser.parse(bound.consoleAt());
    assertSameCommand(parsed, bound.wireAt());
    plan(parsed);
    if (bound.consolePast() != null) {
      assertThatThrownBy(() -> FacilitatorCommandParser.parse(bound.consolePast()))
          .as(bound.consolePast())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formBounds")
  void thePlannerTakesTheBoundAndRefusesOnePast(FormBound bound) throws Refusal {
    plan(bound.wireAt());
    assertThatThrownBy(() -> plan(bound.wirePast()))
        .as(bound.wirePast().toString())
        .isInstanceOfSatisfying(
            Refusal.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formBounds")
  void theOscReaderThenThePlannerTakeTheBoundAndRefuseOnePast(FormBound bound) throws Exception {
    FacilitatorCommand read = (FacilitatorCommand) bound.oscAt().read();
    assertSameCommand(read, bound.wireAt());
    plan(read);
    Throwable refused = catchThrowable(() -> plan((FacilitatorCommand) bound.oscPast().read()));
    assertThat(refused)
        .as(bound.oscPast().address() + " " + Arrays.toString(bound.oscPast().args()))
        .isInstanceOfAny(OscReading.Refused.class, Refusal.class);
  }

  private static StructurePlanner.Plan plan(FacilitatorCommand command) throws Refusal {
    return StructurePlanner.plan(command, MAP, micros -> FormStates.initial(), EARLIEST_MICROS);
  }

  /** The same change; the time too, where the wire form names one. */
  private static void assertSameCommand(FacilitatorCommand read, FacilitatorCommand wire) {
    assertThat(read.toBuilder().clearQuantize().build())
        .isEqualTo(wire.toBuilder().clearQuantize().build());
    if (wire.hasQuantize()) {
      assertThat(read.getQuantize()).isEqualTo(wire.getQuantize());
    }
  }

  private static FacilitatorCommand section(String name) {
    return FacilitatorCommand.newBuilder()
        .setSection(SetSection.newBuilder().setName(name))
        .build();
  }

  private static FacilitatorCommand groove(String name) {
    return FacilitatorCommand.newBuilder().setGroove(SetGroove.newBuilder().setName(name)).build();
  }

  private static String romans(int count) {
    return String.join(" ", Collections.nCopies(count, "I"));
  }

  private static FacilitatorCommand progression(int count) {
    return FacilitatorCommand.newBuilder()
        .setProgression(SetProgression.newBuilder().addAllChords(Collections.nCopies(count, "I")))
        .build();
  }

  private static FacilitatorCommand meter(int beats, int unit, int phraseBars) {
    return FacilitatorCommand.newBuilder()
        .setMeter(
            SetMeter.newBuilder().setBeatsPerBar(beats).setBeatUnit(unit).setPhraseBars(phraseBars))
        .build();
  }

  private static FacilitatorCommand sectionAtNextPhrase(int bars) {
    return section("B").toBuilder()
        .setQuantize(
            Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_PHRASE).setPhraseBars(bars))
        .build();
  }

  private static FacilitatorCommand tempo(double bpm, double rampBeats) {
    return FacilitatorCommand.newBuilder()
        .setTempo(SetTempo.newBuilder().setBpm(bpm).setRampBeats(rampBeats))
        .build();
  }

  private static FacilitatorCommand dynamics(double rampBeats) {
    return FacilitatorCommand.newBuilder()
        .setDynamics(SetDynamics.newBuilder().setLevel(Dynamic.F).setRampBeats(rampBeats))
        .build();
  }

  private static FacilitatorCommand key(int tonic) {
    return FacilitatorCommand.newBuilder().setKey(SetKey.newBuilder().setTonic(tonic)).build();
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  // ---------------------------------------------------------------- mixer

  private static EmbeddedChannel loop;
  private static SoundSystem sounds;
  private static Group group;
  private static GroupSound mixer;

  /** A real mixer on the built-in voices, with member m1 on a strip. */
  @BeforeAll
  static void startMixer() throws Exception {
    loop = new EmbeddedChannel();
    ServerClock clock = ServerClock.startingNow();
    GroupRegistry registry =
        new GroupRegistry(
            loop.eventLoop(),
            clock,
            ServerConfig.onFreePorts().groupSettings(),
            loop.alloc(),
            GroupMeters.newStats(new SimpleMeterRegistry()));
    group = registry.create("Limits");
    sounds =
        new SoundSystem(SoundConfig.builtIn().withRenderThreads(1), clock, 4, RenderObserver.NONE);
    mixer = sounds.create(group);
    mixer.joined(new Member("m1", "Sam", "piano", Role.PARTICIPANT, "session", null));
  }

  @AfterAll
  static void stopMixer() {
    mixer.close();
    sounds.close();
    group.close();
    loop.finishAndReleaseAll();
  }

  static Stream<MixerBound> mixerBounds() {
    float loud = MixerLimits.MAX_GAIN_DB;
    float quiet = MixerLimits.MIN_GAIN_DB;
    float right = MixerLimits.MAX_PAN;
    float left = MixerLimits.MIN_PAN;
    float deepest = MixerLimits.MIN_DUCK_DB;
    int last = MixerLimits.LAST_PROGRAM;
    int first = MixerLimits.FIRST_PROGRAM;
    // A known word at the end, so that the mixer knows the instrument the text names.
    String known = " marimba";
    String instrument = "x".repeat(MixerLimits.MAX_INSTRUMENT_CHARS - known.length()) + known;
    String tooLong = "x" + instrument;
    return Stream.of(
        new MixerBound(
            "loudest strip gain",
            "mix m1 gain " + number(loud),
            "mix m1 gain " + number(loud + 0.5f),
            strip(SetStrip.newBuilder().setGainDb(loud)),
            strip(SetStrip.newBuilder().setGainDb(loud + 0.5f)),
            new Osc("/attune/mixer/gain/m1", loud),
            new Osc("/attune/mixer/gain/m1", loud + 0.5f)),
        new MixerBound(
            "quietest strip gain",
            "mix m1 gain " + number(quiet),
            "mix m1 gain " + number(quiet - 0.5f),
            strip(SetStrip.newBuilder().setGainDb(quiet)),
            strip(SetStrip.newBuilder().setGainDb(quiet - 0.5f)),
            new Osc("/attune/mixer/gain/m1", quiet),
            new Osc("/attune/mixer/gain/m1", quiet - 0.5f)),
        new MixerBound(
            "loudest master gain",
            "master " + number(loud),
            "master " + number(loud + 0.5f),
            master(loud),
            master(loud + 0.5f),
            new Osc("/attune/mixer/master", loud),
            new Osc("/attune/mixer/master", loud + 0.5f)),
        new MixerBound(
            "quietest master gain",
            "master " + number(quiet),
            "master " + number(quiet - 0.5f),
            master(quiet),
            master(quiet - 0.5f),
            new Osc("/attune/mixer/master", quiet),
            new Osc("/attune/mixer/master", quiet - 0.5f)),
        new MixerBound(
            "hard right",
            "mix m1 pan " + number(right),
            "mix m1 pan 1.01",
            strip(SetStrip.newBuilder().setPan(right)),
            strip(SetStrip.newBuilder().setPan(right + 0.01f)),
            new Osc("/attune/mixer/pan/m1", right),
            new Osc("/attune/mixer/pan/m1", right + 0.01f)),
        new MixerBound(
            "hard left",
            "mix m1 pan " + number(left),
            "mix m1 pan -1.01",
            strip(SetStrip.newBuilder().setPan(left)),
            strip(SetStrip.newBuilder().setPan(left - 0.01f)),
            new Osc("/attune/mixer/pan/m1", left),
            new Osc("/attune/mixer/pan/m1", left - 0.01f)),
        new MixerBound(
            "instrument text length",
            "mix m1 instrument " + instrument,
            "mix m1 instrument " + tooLong,
            strip(SetStrip.newBuilder().setInstrument(instrument)),
            strip(SetStrip.newBuilder().setInstrument(tooLong)),
            new Osc("/attune/mixer/instrument/m1", instrument),
            new Osc("/attune/mixer/instrument/m1", tooLong)),
        new MixerBound(
            "last General MIDI program",
            "mix m1 instrument " + last,
            "mix m1 instrument " + (last + 1),
            strip(SetStrip.newBuilder().setInstrument(Integer.toString(last))),
            strip(SetStrip.newBuilder().setInstrument(Integer.toString(last + 1))),
            new Osc("/attune/mixer/instrument/m1", last),
            new Osc("/attune/mixer/instrument/m1", last + 1)),
        new MixerBound(
            "first General MIDI program",
            "mix m1 instrument " + first,
            "mix m1 instrument " + (first - 1),
            strip(SetStrip.newBuilder().setInstrument(Integer.toString(first))),
            strip(SetStrip.newBuilder().setInstrument(Integer.toString(first - 1))),
            new Osc("/attune/mixer/instrument/m1", first),
            new Osc("/attune/mixer/instrument/m1", first - 1)),
        new MixerBound(
            "deepest spotlight duck",
            "spotlight m1 " + number(deepest),
            "spotlight m1 " + number(deepest - 0.5f),
            spotlight(deepest),
            spotlight(deepest - 0.5f),
            new Osc("/attune/mixer/spotlight", "m1", deepest),
            new Osc("/attune/mixer/spotlight", "m1", deepest - 0.5f)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mixerBounds")
  void theMixerParserTakesTheBoundAndRefusesOnePast(MixerBound bound) throws Refusal {
    MixerCommand parsed = MixerCommandParser.parse(bound.consoleAt());
    assertThat(parsed).isEqualTo(bound.wireAt());
    mixer.mix(parsed);
    assertThatThrownBy(() -> MixerCommandParser.parse(bound.consolePast()))
        .as(bound.consolePast())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mixerBounds")
  void theMixerTakesTheBoundAndRefusesOnePastChangingNothing(MixerBound bound) throws Refusal {
    mixer.mix(bound.wireAt());
    MixerState before = mixer.state();
    assertThatThrownBy(() -> mixer.mix(bound.wirePast()))
        .as(bound.wirePast().toString())
        .isInstanceOfSatisfying(
            Refusal.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(mixer.state()).isEqualTo(before);
  }

  /** The bounds the OSC address space can say. */
  static Stream<MixerBound> oscMixerBounds() {
    return mixerBounds().filter(bound -> bound.oscAt() != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oscMixerBounds")
  void theOscReaderThenTheMixerTakeTheBoundAndRefuseOnePast(MixerBound bound) throws Exception {
    MixerCommand read = (MixerCommand) bound.oscAt().read();
    assertThat(read).isEqualTo(bound.wireAt());
    mixer.mix(read);
    Throwable refused = catchThrowable(() -> mixer.mix((MixerCommand) bound.oscPast().read()));
    assertThat(refused)
        .as(bound.oscPast().address() + " " + Arrays.toString(bound.oscPast().args()))
        .isInstanceOfAny(OscReading.Refused.class, Refusal.class);
  }

  private static MixerCommand strip(SetStrip.Builder strip) {
    return MixerCommand.newBuilder().setStrip(strip.setParticipantId("m1")).build();
  }

  private static MixerCommand master(float db) {
    return MixerCommand.newBuilder().setMaster(SetMaster.newBuilder().setGainDb(db)).build();
  }

  private static MixerCommand spotlight(float duckDb) {
    return MixerCommand.newBuilder()
        .setSpotlight(SetSpotlight.newBuilder().setParticipantId("m1").setDuckDb(duckDb))
        .build();
  }
}
