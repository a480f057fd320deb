package org.attune.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.attune.protocol.v1.BackingPart;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.RemoteSound;
import org.attune.protocol.v1.SetStrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MixerCommandParserTest {

  private static MixerCommand parse(String line) {
    return MixerCommandParser.parse(line);
  }

  private static SetStrip strip(String line) {
    MixerCommand command = parse(line);
    assertThat(command.getKindCase()).isEqualTo(MixerCommand.KindCase.STRIP);
    return command.getStrip();
  }

  private static void assertRefused(String line, String sentence) {
    assertThatThrownBy(() -> parse(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(sentence);
  }

  // ------------------------------------------------------------------ routing

  @Test
  void mixMasterAndBackingLinesAreMixerLinesInAnyCase() {
    assertThat(MixerCommandParser.isMixerLine("mix m2 gain -6")).isTrue();
    assertThat(MixerCommandParser.isMixerLine("  MASTER -3")).isTrue();
    assertThat(MixerCommandParser.isMixerLine("Backing on")).isTrue();
    assertThat(MixerCommandParser.isMixerLine("mix")).isTrue();
    assertThat(MixerCommandParser.isMixerLine(List.of("backing", "off"))).isTrue();
  }

  @Test
  void formCommandsAndEmptyLinesAreNotMixerLines() {
    assertThat(MixerCommandParser.isMixerLine("tempo 96")).isFalse();
    assertThat(MixerCommandParser.isMixerLine("mixer m2")).isFalse();
    assertThat(MixerCommandParser.isMixerLine("section mix")).isFalse();
    assertThat(MixerCommandParser.isMixerLine("")).isFalse();
    assertThat(MixerCommandParser.isMixerLine((String) null)).isFalse();
    assertThat(MixerCommandParser.isMixerLine(List.of())).isFalse();
  }

  @Test
  void noMixerWordIsAlsoAFormCommand() {
    assertThat(MixerCommandParser.commands())
        .doesNotContainAnyElementsOf(FacilitatorCommandParser.commands());
  }

  @Test
  void turnsGoRoundForManyBarsWithTheGroupsAnswerOrStop() {
    var t = MixerCommandParser.parse("turns 2 2").getTurns();
    assertThat(t.getSoloBars()).isEqualTo(2);
    assertThat(t.getGroupBars()).isEqualTo(2);
    assertThat(MixerCommandParser.parse("turns 4").getTurns().getGroupBars()).isZero();
    assertThat(MixerCommandParser.parse("turns off").getTurns().getSoloBars()).isZero();
    assertThat(MixerCommandParser.describe(MixerCommandParser.parse("turns 2 1")))
        .isEqualTo("turns of 2 bars, then 1 for the group");
    for (String bad :
        new String[] {"turns", "turns 0", "turns 65", "turns 2 65", "turns x", "turns 1 2 3"}) {
      assertThatThrownBy(() -> MixerCommandParser.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("turns off");
    }
  }

  @Test
  void otherWordsAreRefusedWithTheMixerCommands() {
    assertRefused(
        "tempo 96",
        "\"tempo\" is not a mixer command; the mixer commands are mix, master, backing, remote, spotlight, turns.");
    assertRefused(
        "   ",
        "Type a mixer command, for example \"mix m2 gain -6\", \"master -3\" or \"backing on\".");
  }

  @Test
  void spotlightNamesTheMemberAndHowFarTheOthersAreDucked() {
    assertThat(parse("spotlight m3").getSpotlight().getParticipantId()).isEqualTo("m3");
    assertThat(parse("spotlight m3").getSpotlight().getDuckDb()).isZero();
    assertThat(parse("spotlight m3 -6dB").getSpotlight().getDuckDb()).isEqualTo(-6f);
    assertThat(parse("spotlight off").getSpotlight().getParticipantId()).isEmpty();
    assertThat(MixerCommandParser.describe(parse("spotlight m3"))).isEqualTo("spotlight on m3");
    assertRefused(
        "spotlight m3 +6",
        "The others are ducked by -40 dB up to (not including) 0 dB, e.g. spotlight m2 -6, not"
            + " \"+6\".");
    // 0 on the wire means the default duck, so the console refuses it; anything just below is
    // a duck, as its sentence says (it used to say -1 dB while taking -0.5).
    assertRefused(
        "spotlight m3 0",
        "The others are ducked by -40 dB up to (not including) 0 dB, e.g. spotlight m2 -6, not"
            + " \"0\".");
    assertThat(parse("spotlight m3 -0.5").getSpotlight().getDuckDb()).isEqualTo(-0.5f);
  }

  @Test
  void remoteChoosesWhatRemotePagesHear() {
    assertThat(parse("remote stream").getRemoteSound().getSound())
        .isEqualTo(RemoteSound.SERVER_STREAM);
    assertThat(parse("Remote LOCAL").getRemoteSound().getSound())
        .isEqualTo(RemoteSound.LOCAL_SAMPLES);
    assertThat(MixerCommandParser.describe(parse("remote stream")))
        .isEqualTo("remote pages hear the streamed mix");
    assertRefused(
        "remote loud",
        "Say \"remote stream\" (remote pages hear the room's mix) or \"remote local\""
            + " (each page plays the group itself).");
  }

  // ------------------------------------------------------------------ mix: one setting

  @Test
  void gainSetsOnlyTheMembersGain() {
    SetStrip s = strip("mix m2 gain -6");
    assertThat(s.getParticipantId()).isEqualTo("m2");
    assertThat(s.hasGainDb()).isTrue();
    assertThat(s.getGainDb()).isEqualTo(-6f);
    assertThat(s.hasPan()).isFalse();
    assertThat(s.hasMute()).isFalse();
    assertThat(s.hasSolo()).isFalse();
    assertThat(s.hasInstrument()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "mix m1 gain +3, 3",
    "mix m1 gain 0, 0",
    "mix m1 gain -6dB, -6",
    "mix m1 gain -6 dB, -6",
    "mix m1 gain -4.5DB, -4.5",
    "mix m1 gain .5, 0.5",
    "mix m1 gain -60, -60",
    "mix m1 gain 12, 12",
    "MIX m1 GAIN -1, -1"
  })
  void gainIsReadInDecibelsWithOrWithoutTheUnit(String line, float db) {
    assertThat(strip(line).getGainDb()).isEqualTo(db);
  }

  @ParameterizedTest
  @CsvSource({
    "mix m1 pan -0.5, -0.5",
    "mix m1 pan 1, 1",
    "mix m1 pan -1, -1",
    "mix m1 pan 0, 0",
    "mix m1 pan left, -1",
    "mix m1 pan Right, 1",
    "mix m1 pan center, 0",
    "mix m1 pan centre, 0"
  })
  void panIsANumberOrASide(String line, float pan) {
    SetStrip s = strip(line);
    assertThat(s.hasPan()).isTrue();
    assertThat(s.getPan()).isEqualTo(pan);
    assertThat(s.hasGainDb()).isFalse();
  }

  @Test
  void muteAndSoloSwitchOnAndOff() {
    assertThat(strip("mix m3 mute").getMute()).isTrue();
    assertThat(strip("mix m3 unmute").hasMute()).isTrue();
    assertThat(strip("mix m3 unmute").getMute()).isFalse();
    assertThat(strip("mix m3 solo").getSolo()).isTrue();
    assertThat(strip("mix m3 unsolo").hasSolo()).isTrue();
    assertThat(strip("mix m3 unsolo").getSolo()).isFalse();
    assertThat(strip("mix m3 mute").hasSolo()).isFalse();
  }

  @Test
  void theInstrumentIsTheRestOfTheLine() {
    assertThat(strip("mix m2 instrument marimba").getInstrument()).isEqualTo("marimba");
    assertThat(strip("mix m2 instrument electric   piano").getInstrument())
        .isEqualTo("electric piano");
    assertThat(strip("mix m2 instrument 13").getInstrument()).isEqualTo("13");
    assertThat(strip("mix m2 instrument 1").getInstrument()).isEqualTo("1");
    assertThat(strip("mix m2 instrument 128").getInstrument()).isEqualTo("128");
  }

  @Test
  void theMemberKeepsItsSpelling() {
    assertThat(strip("mix M2 mute").getParticipantId()).isEqualTo("M2");
  }

  // ------------------------------------------------------------------ mix: several settings

  @Test
  void oneLineMayChangeSeveralThings() {
    SetStrip s = strip("mix m2 gain -6 pan -0.5");
    assertThat(s.getGainDb()).isEqualTo(-6f);
    assertThat(s.getPan()).isEqualTo(-0.5f);
    assertThat(s.hasMute()).isFalse();
  }

  @Test
  void everySettingTogetherWithTheInstrumentLast() {
    SetStrip s = strip("mix m4 unmute solo pan right gain -12 dB instrument nylon guitar");
    assertThat(s.getMute()).isFalse();
    assertThat(s.hasMute()).isTrue();
    assertThat(s.getSolo()).isTrue();
    assertThat(s.getPan()).isEqualTo(1f);
    assertThat(s.getGainDb()).isEqualTo(-12f);
    assertThat(s.getInstrument()).isEqualTo("nylon guitar");
  }

  @Test
  void afterTheInstrumentEveryWordIsItsName() {
    assertThat(strip("mix m2 instrument steel drums gain -3").getInstrument())
        .isEqualTo("steel drums gain -3");
  }

  // ------------------------------------------------------------------ mix: refusals

  @Test
  void mixNeedsAMemberAndSomethingToChange() {
    assertRefused("mix", "Say whose sound to change, then what, for example \"mix m2 gain -6\".");
    assertRefused(
        "mix gain -6", "Say whose sound to change, then what, for example \"mix m2 gain -6\".");
    assertRefused(
        "mix m2",
        "Say what to change for m2: gain, pan, mute, unmute, solo, unsolo or instrument, for"
            + " example \"mix m2 gain -6\".");
    assertRefused(
        "mix " + "m".repeat(33) + " mute",
        "A member id has at most 32 characters; see the roster.");
  }

  @Test
  void unknownSettingsAreRefused() {
    assertRefused(
        "mix m2 louder",
        "\"louder\" is not something to change; say gain, pan, mute, unmute, solo, unsolo or"
            + " instrument, for example \"mix m2 gain -6\".");
    assertRefused(
        "mix m2 gain -6 -3",
        "\"-3\" is not something to change; say gain, pan, mute, unmute, solo, unsolo or"
            + " instrument, for example \"mix m2 gain -6\".");
    assertRefused(
        "mix m2 -6",
        "\"-6\" is not something to change; say gain, pan, mute, unmute, solo, unsolo or"
            + " instrument, for example \"mix m2 gain -6\".");
  }

  @Test
  void gainRefusals() {
    assertRefused("mix m2 gain", "\"gain\" needs a value, for example \"mix m2 gain -6\".");
    assertRefused("mix m2 gain pan 0", "\"gain\" needs a value, for example \"mix m2 gain -6\".");
    assertRefused(
        "mix m2 gain loud",
        "\"loud\" is not a gain; give decibels, for example \"mix m2 gain -6\".");
    assertRefused(
        "mix m2 gain 1e2", "\"1e2\" is not a gain; give decibels, for example \"mix m2 gain -6\".");
    assertRefused(
        "mix m2 gain -6dBFS",
        "\"-6dBFS\" is not a gain; give decibels, for example \"mix m2 gain -6\".");
    assertRefused("mix m2 gain 13", "Gain must be between -60 and +12 dB, not 13.");
    assertRefused("mix m2 gain +12.5", "Gain must be between -60 and +12 dB, not +12.5.");
    assertRefused("mix m2 gain -61dB", "Gain must be between -60 and +12 dB, not -61.");
  }

  @Test
  void panRefusals() {
    assertRefused("mix m2 pan", "\"pan\" needs a value, for example \"mix m2 pan -0.5\".");
    assertRefused("mix m2 pan mute", "\"pan\" needs a value, for example \"mix m2 pan -0.5\".");
    assertRefused(
        "mix m2 pan up",
        "\"up\" is not a pan; give -1 (left) to 1 (right), left, center or right, for example"
            + " \"mix m2 pan -0.5\".");
    assertRefused("mix m2 pan 1.5", "Pan must be between -1 (left) and 1 (right), not 1.5.");
    assertRefused("mix m2 pan -2", "Pan must be between -1 (left) and 1 (right), not -2.");
  }

  @Test
  void instrumentRefusals() {
    assertRefused(
        "mix m2 instrument",
        "Name an instrument or a General MIDI program 1..128, for example \"mix m2 instrument"
            + " marimba\".");
    assertRefused("mix m2 instrument 0", "A General MIDI program is 1 to 128, not 0.");
    assertRefused("mix m2 instrument 129", "A General MIDI program is 1 to 128, not 129.");
    assertRefused("mix m2 instrument 00013", "A General MIDI program is 1 to 128, not 00013.");
    assertRefused(
        "mix m2 instrument mari\u0007mba",
        "An instrument name is printable text, for example \"mix m2 instrument marimba\"; it may"
            + " not hold control characters.");
    assertRefused(
        "mix m2 instrument " + "x".repeat(65), "An instrument name has at most 64 characters.");
  }

  @Test
  void aSettingGivenTwiceIsRefused() {
    assertRefused("mix m2 gain -6 gain -3", "This line sets the gain of m2 twice; say it once.");
    assertRefused("mix m2 mute unmute", "This line sets the mute of m2 twice; say it once.");
    assertRefused("mix m2 solo solo", "This line sets the solo of m2 twice; say it once.");
    assertRefused("mix m2 pan left pan 1", "This line sets the pan of m2 twice; say it once.");
  }

  // ------------------------------------------------------------------ master

  @Test
  void masterSetsTheWholeMixsGain() {
    MixerCommand c = parse("master -3");
    assertThat(c.getKindCase()).isEqualTo(MixerCommand.KindCase.MASTER);
    assertThat(c.getMaster().getGainDb()).isEqualTo(-3f);
    assertThat(parse("master +12 dB").getMaster().getGainDb()).isEqualTo(12f);
    assertThat(parse("master -60dB").getMaster().getGainDb()).isEqualTo(-60f);
  }

  @Test
  void masterRefusals() {
    assertRefused("master", "Say the master gain in decibels, for example \"master -3\".");
    assertRefused(
        "master quiet",
        "\"quiet\" is not a master gain; give decibels, for example \"master -3\".");
    assertRefused("master 20", "Master gain must be between -60 and +12 dB, not 20.");
    assertRefused("master -3 -4", "\"master\" takes one value; \"-4\" is extra.");
    assertRefused("master -3 dB now", "\"master\" takes one value; \"now\" is extra.");
  }

  // ------------------------------------------------------------------ backing

  @Test
  void backingPlaysExactlyTheNamedPartsInTheirOrder() {
    assertThat(parse("backing pad click").getBacking().getPartsList())
        .containsExactly(BackingPart.CLICK, BackingPart.PAD);
    assertThat(parse("backing click drums bass pad comping").getBacking().getPartsList())
        .containsExactly(
            BackingPart.CLICK,
            BackingPart.DRUMS,
            BackingPart.BASS,
            BackingPart.PAD,
            BackingPart.COMPING);
    assertThat(parse("BACKING Drums,bass").getBacking().getPartsList())
        .containsExactly(BackingPart.DRUMS, BackingPart.BASS);
    assertThat(parse("backing drums drums").getBacking().getPartsList())
        .containsExactly(BackingPart.DRUMS);
  }

  @Test
  void backingOnIsDrumsBassAndPad() {
    assertThat(parse("backing on").getBacking().getPartsList())
        .containsExactly(BackingPart.DRUMS, BackingPart.BASS, BackingPart.PAD);
    assertThat(parse("backing on click").getBacking().getPartsList())
        .containsExactly(BackingPart.CLICK, BackingPart.DRUMS, BackingPart.BASS, BackingPart.PAD);
  }

  @Test
  void backingOffOrNoneStopsTheBand() {
    MixerCommand off = parse("backing off");
    assertThat(off.getKindCase()).isEqualTo(MixerCommand.KindCase.BACKING);
    assertThat(off.getBacking().getPartsList()).isEmpty();
    assertThat(parse("backing none").getBacking().getPartsList()).isEmpty();
  }

  @Test
  void backingRefusals() {
    assertRefused(
        "backing",
        "Say which parts play, for example \"backing drums bass\", \"backing on\" or \"backing"
            + " off\".");
    assertRefused(
        "backing drums piano",
        "\"piano\" is not a backing part; the parts are click, drums, bass, pad and comping (on ="
            + " drums, bass and pad; off = none).");
    assertRefused(
        "backing off drums",
        "\"backing off\" stands alone; to keep some parts, name them, for example \"backing"
            + " drums bass\".");
  }

  // ------------------------------------------------------------------ describing

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mix m2 gain -6 pan -0.5 | m2: gain -6 dB, pan -0.5",
        "mix m2 gain -6 | m2: gain -6 dB",
        "mix m2 gain 3.5 | m2: gain +3.5 dB",
        "mix m2 gain 0 | m2: gain 0 dB",
        "mix m2 pan left | m2: pan -1",
        "mix m2 pan 0.3 | m2: pan 0.3",
        "mix m2 mute | m2: mute",
        "mix m2 unmute unsolo | m2: unmute, unsolo",
        "mix m2 solo | m2: solo",
        "mix m2 pan center gain -1 instrument electric piano | "
            + "m2: instrument electric piano, gain -1 dB, pan 0",
        "master -3 | master -3 dB",
        "master 12 | master +12 dB",
        "backing on | backing drums, bass, pad",
        "backing comping click | backing click, comping",
        "backing off | backing off"
      })
  void describesACommandInWords(String line, String words) {
    assertThat(MixerCommandParser.describe(parse(line))).isEqualTo(words);
  }

  @Test
  void anEmptyCommandIsDescribedAsNothing() {
    assertThat(MixerCommandParser.describe(MixerCommand.getDefaultInstance())).isEqualTo("nothing");
    MixerCommand noChange =
        MixerCommand.newBuilder().setStrip(SetStrip.newBuilder().setParticipantId("m1")).build();
    assertThat(MixerCommandParser.describe(noChange)).isEqualTo("m1: no change");
  }

  // ------------------------------------------------------------------ help

  @Test
  void theHelpListsEveryFormInEightyColumns() {
    assertThat(MixerCommandParser.HELP)
        .contains(
            "mix MEMBER gain DB",
            "mix MEMBER pan PAN",
            "mute|unmute",
            "solo|unsolo",
            "mix MEMBER instrument NAME",
            "master DB",
            "backing PART...",
            "backing on | backing off")
        .doesNotContain("%");
    assertThat(MixerCommandParser.HELP.lines())
        .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
  }

  @Test
  void everyExampleInTheHelpParses() {
    List<String> examples =
        MixerCommandParser.HELP
            .lines()
            .filter(line -> line.contains("e.g. "))
            .map(line -> line.substring(line.indexOf("e.g. ") + 5).replaceAll(";.*", ""))
            .toList();
    assertThat(examples).containsExactly("mix m2 gain -6", "mix m2 gain -6 pan -0.5");
    examples.forEach(MixerCommandParser::parse);
  }
}
