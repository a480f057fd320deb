package org.attune.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Quantize.Boundary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FacilitatorCommandParserTest {

  private static FacilitatorCommand parse(String line) {
    return FacilitatorCommandParser.parse(line);
  }

  private static void assertRefused(String line, String sentence) {
    assertThatThrownBy(() -> parse(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(sentence);
  }

  // ------------------------------------------------------------------ tempo

  @Test
  void followNamesAMemberAndMaySetBoundsOffStops() {
    FacilitatorCommand c = parse("follow m2");
    assertThat(c.getFollow().getParticipantId()).isEqualTo("m2");
    assertThat(c.getFollow().getMaxBpm()).isZero();
    FacilitatorCommand bounded = parse("follow m2 70 120");
    assertThat(bounded.getFollow().getMinBpm()).isEqualTo(70);
    assertThat(bounded.getFollow().getMaxBpm()).isEqualTo(120);
    assertThat(FacilitatorCommandParser.describe(bounded))
        .isEqualTo("follow m2 within 70..120 BPM");
    assertThat(parse("follow off").getFollow().getParticipantId()).isEmpty();
    assertThat(FacilitatorCommandParser.describe(parse("follow OFF"))).isEqualTo("follow off");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "follow|Say whom to follow",
        "follow m2 70|Say whom to follow",
        "follow m2 120 70|slowest tempo first",
        "follow m2 10 70|between 20 and 300",
        "follow off 70 90|takes no tempi",
        "follow m123456789012345678901234567890123|at most 32 characters"
      })
  void followRefusesWhatItCannotDo(String line, String says) {
    assertThatThrownBy(() -> parse(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(says);
  }

  @Test
  void tempoSetsTheBpmAtTheNextBeat() {
    FacilitatorCommand c = parse("tempo 96");
    assertThat(c.getTempo().getBpm()).isEqualTo(96);
    assertThat(c.getTempo().getRampBeats()).isZero();
    assertThat(c.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_BEAT);
  }

  @Test
  void tempoWithARampIsAnAccelerandoOrRitardando() {
    FacilitatorCommand c = parse("tempo 72.5 --ramp 8");
    assertThat(c.getTempo().getBpm()).isEqualTo(72.5);
    assertThat(c.getTempo().getRampBeats()).isEqualTo(8);
  }

  @Test
  void optionsMayBeWrittenWithAnEqualsSignAndInAnyCase() {
    FacilitatorCommand c = parse("TEMPO 100 --RAMP=4 --at=NEXT-BAR");
    assertThat(c.getTempo().getRampBeats()).isEqualTo(4);
    assertThat(c.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_BAR);
  }

  @Test
  void optionsMayComeBeforeTheValue() {
    assertThat(parse("tempo --ramp 8 96").getTempo().getBpm()).isEqualTo(96);
  }

  @Test
  void tempoRefusals() {
    assertRefused("tempo", "Say a tempo, for example \"tempo 96\".");
    assertRefused(
        "tempo fast", "\"fast\" is not a tempo; give beats per minute, for example \"tempo 96\".");
    assertRefused(
        "tempo 1e2", "\"1e2\" is not a tempo; give beats per minute, for example \"tempo 96\".");
    assertRefused("tempo 400", "A tempo must be between 20 and 300 BPM, not 400.");
    assertRefused("tempo 19.9", "A tempo must be between 20 and 300 BPM, not 19.9.");
    assertRefused("tempo 96 100", "\"tempo\" takes one value; \"100\" is extra.");
    assertRefused("tempo 96 --ramp", "--ramp needs a value, for example \"--ramp 8\".");
    assertRefused("tempo 96 --ramp=", "--ramp needs a value, for example \"--ramp 8\".");
    assertRefused(
        "tempo 96 --ramp 0",
        "--ramp needs a number of beats greater than 0, for example \"--ramp 8\", not \"0\".");
    assertRefused(
        "tempo 96 --ramp -2",
        "--ramp needs a number of beats greater than 0, for example \"--ramp 8\", not \"-2\".");
    assertRefused("tempo 96 --ramp 4 --ramp 8", "--ramp is given twice.");
    assertRefused("tempo 96 --phrase 4", "\"tempo\" does not take --phrase.");
  }

  @Test
  void aRampLastsAtMost256Beats() {
    assertThat(parse("tempo 96 --ramp 256").getTempo().getRampBeats()).isEqualTo(256);
    assertThat(parse("dynamics p --ramp 256").getDynamics().getRampBeats()).isEqualTo(256);
    assertRefused("tempo 96 --ramp 256.5", "A ramp lasts at most 256 beats, not 256.5.");
    assertRefused("dynamics p --ramp 1000", "A ramp lasts at most 256 beats, not 1000.");
  }

  @Test
  void theTempoLimitsThemselvesAreAllowed() {
    assertThat(parse("tempo 20").getTempo().getBpm()).isEqualTo(20);
    assertThat(parse("tempo 300").getTempo().getBpm()).isEqualTo(300);
  }

  // ------------------------------------------------------------------ fermata, release, tap,
  // accent

  @Test
  void fermataReleaseTapAndAccentTakeEffectOnTheNextBeat() {
    assertThat(parse("fermata").hasFermata()).isTrue();
    assertThat(parse("release").getRelease().getBpm()).isZero();
    assertThat(parse("release 100").getRelease().getBpm()).isEqualTo(100);
    assertThat(parse("tap").hasTapTempo()).isTrue();
    assertThat(parse("accent").hasAccent()).isTrue();
    for (String line : List.of("fermata", "release", "tap", "accent")) {
      assertThat(parse(line).getQuantize().getBoundary()).as(line).isEqualTo(Boundary.NEXT_BEAT);
    }
  }

  @Test
  void wordlessCommandsRefuseExtraWords() {
    assertRefused("fermata now", "\"fermata\" takes no words after it; \"now\" is extra.");
    assertRefused("tap tap", "\"tap\" takes no words after it; \"tap\" is extra.");
    assertRefused(
        "accent loud please", "\"accent\" takes no words after it; \"loud please\" is extra.");
    assertRefused("fermata --ramp 2", "\"fermata\" does not take --ramp.");
  }

  @Test
  void releaseRefusals() {
    assertRefused(
        "release slow",
        "\"slow\" is not a tempo; give beats per minute, for example \"tempo 96\".");
    assertRefused("release 500", "A tempo must be between 20 and 300 BPM, not 500.");
    assertRefused("release 90 100", "\"release\" takes one value; \"100\" is extra.");
  }

  // ------------------------------------------------------------------ section, groove

  @Test
  void sectionAndGrooveTakeANameAndWaitForTheNextBar() {
    FacilitatorCommand section = parse("section B");
    assertThat(section.getSection().getName()).isEqualTo("B");
    assertThat(section.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_BAR);
    assertThat(parse("section Coda two").getSection().getName()).isEqualTo("Coda two");
    FacilitatorCommand groove = parse("groove swing");
    assertThat(groove.getGroove().getName()).isEqualTo("swing");
    assertThat(groove.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_BAR);
  }

  @Test
  void sectionAndGrooveRefusals() {
    assertRefused("section", "Give the section a name, for example \"section B\".");
    assertRefused("groove", "Give the groove a name, for example \"groove swing\".");
    assertRefused("section " + "x".repeat(33), "A section name has at most 32 characters.");
    assertRefused("groove " + "y".repeat(33), "A groove name has at most 32 characters.");
    assertRefused("section B --ramp 2", "\"section\" does not take --ramp.");
    assertRefused(
        "section B\u0007",
        "A section name is printable text, for example \"section B\"; it may not hold control"
            + " characters.");
    assertThatThrownBy(() -> FacilitatorCommandParser.parse(List.of("section", " ")))
        .hasMessage("Give the section a name, for example \"section B\".");
  }

  @Test
  void aNameIsCountedInCharactersAsPeopleCountThem() {
    String notes = "\uD83C\uDFB5".repeat(32);
    assertThat(parse("section " + notes).getSection().getName()).isEqualTo(notes);
    assertRefused("section " + notes + "\uD83C\uDFB5", "A section name has at most 32 characters.");
  }

  // ------------------------------------------------------------------ key

  @ParameterizedTest
  @CsvSource({
    "key C, 0, MAJOR",
    "key D dorian, 2, DORIAN",
    "key F# minor, 6, NATURAL_MINOR",
    "key Bb major, 10, MAJOR",
    "key eb ionian, 3, IONIAN",
    "key E phrygian, 4, PHRYGIAN",
    "key F lydian, 5, LYDIAN",
    "key G mixolydian, 7, MIXOLYDIAN",
    "key A aeolian, 9, AEOLIAN",
    "key B locrian, 11, LOCRIAN",
    "key C major-pentatonic, 0, MAJOR_PENTATONIC",
    "key A minor pentatonic, 9, MINOR_PENTATONIC",
    "key E blues, 4, BLUES",
    "key A harmonic-minor, 9, HARMONIC_MINOR",
    "key A harmonic_minor, 9, HARMONIC_MINOR",
    "key C natural-minor, 0, NATURAL_MINOR",
  })
  void keyNamesATonicAndAMode(String line, int tonic, Mode mode) {
    FacilitatorCommand c = parse(line);
    assertThat(c.getKey().getTonic()).isEqualTo(tonic);
    assertThat(c.getKey().getMode()).isEqualTo(mode);
    assertThat(c.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_BAR);
  }

  @Test
  void keyRefusals() {
    assertRefused("key", "Say which key, for example \"key D dorian\".");
    assertRefused("key H", "\"H\" is not a note name; use C, C#, Db, D, ... B.");
    assertRefused("key Dx dorian", "\"Dx\" is not a note name; use C, C#, Db, D, ... B.");
    assertRefused(
        "key D happy",
        "\"happy\" is not a mode; use major, minor, natural-minor, ionian, dorian, phrygian,"
            + " lydian, mixolydian, aeolian, locrian, major-pentatonic, minor-pentatonic, blues,"
            + " harmonic-minor.");
  }

  // ------------------------------------------------------------------ meter

  @Test
  void meterSetsBeatsUnitAndPhrase() {
    FacilitatorCommand c = parse("meter 3/4 --phrase 4");
    assertThat(c.getMeter().getBeatsPerBar()).isEqualTo(3);
    assertThat(c.getMeter().getBeatUnit()).isEqualTo(4);
    assertThat(c.getMeter().getPhraseBars()).isEqualTo(4);
    assertThat(c.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_BAR);
    assertThat(parse("meter 6/8").getMeter().getPhraseBars()).as("keeps the phrase").isZero();
  }

  @Test
  void meterRefusals() {
    assertRefused("meter", "Say a meter, for example \"meter 3/4\".");
    assertRefused(
        "meter waltz", "\"waltz\" is not a meter; write beats/unit, for example \"meter 3/4\".");
    assertRefused("meter 0/4", "A bar has 1 to 16 beats, not 0.");
    assertRefused("meter 17/4", "A bar has 1 to 16 beats, not 17.");
    assertRefused("meter 3/5", "The beat unit must be 2, 4, 8 or 16, not 5.");
    assertRefused(
        "meter 3/4 --phrase 0", "--phrase needs a number of bars from 1 to 64, not \"0\".");
    assertRefused(
        "meter 3/4 --phrase 65", "--phrase needs a number of bars from 1 to 64, not \"65\".");
    assertRefused(
        "meter 3/4 --phrase x", "--phrase needs a number of bars from 1 to 64, not \"x\".");
    assertRefused("meter 3/4 --ramp 2", "\"meter\" does not take --ramp.");
  }

  // ------------------------------------------------------------------ dynamics

  @Test
  void dynamicsSetsALevelAtOnceOrOverARamp() {
    FacilitatorCommand c = parse("dynamics ff --ramp 4");
    assertThat(c.getDynamics().getLevel()).isEqualTo(Dynamic.FF);
    assertThat(c.getDynamics().getRampBeats()).isEqualTo(4);
    assertThat(c.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_BEAT);
    assertThat(parse("dynamics PPP").getDynamics().getLevel()).isEqualTo(Dynamic.PPP);
  }

  @Test
  void dynamicsRefusals() {
    assertRefused("dynamics", "Say a marking, for example \"dynamics f\".");
    assertRefused(
        "dynamics loud",
        "\"loud\" is not a dynamic marking; use ppp, pp, p, mp, mf, f, ff or fff.");
    assertRefused(
        "dynamics dynamic_unspecified",
        "\"dynamic_unspecified\" is not a dynamic marking; use ppp, pp, p, mp, mf, f, ff or fff.");
    assertRefused("dynamics f p", "\"dynamics\" takes one value; \"p\" is extra.");
    assertRefused("dynamics f --phrase 2", "\"dynamics\" does not take --phrase.");
  }

  // ------------------------------------------------------------------ chords

  @Test
  void chordsAreRomanNumeralsOnePerBar() {
    FacilitatorCommand c = parse("chords I IV V7 bVII vi");
    assertThat(c.getProgression().getChordsList()).containsExactly("I", "IV", "V7", "bVII", "vi");
    assertThat(c.getQuantize().getBoundary()).isEqualTo(Boundary.NEXT_BAR);
  }

  @Test
  void chordsRefusals() {
    assertRefused("chords", "Give the chords as Roman numerals, for example \"chords I IV V I\".");
    assertRefused(
        "chords I IV C",
        "\"C\" is not a chord; write Roman numerals such as I, IV, V7, ii, vi, bVII.");
    assertRefused("chords " + "I ".repeat(17), "A progression has at most 16 chords, not 17.");
  }

  // ------------------------------------------------------------------ --at

  @ParameterizedTest
  @CsvSource({
    "tempo 96 --at next-beat, NEXT_BEAT, 0, 0",
    "section B --at next-bar, NEXT_BAR, 0, 0",
    "tempo 96 --at next-bar, NEXT_BAR, 0, 0",
    "section B --at next-phrase, NEXT_PHRASE, 0, 0",
    "section B --at next-phrase:8, NEXT_PHRASE, 8, 0",
    "key D dorian --at beat:32, AT_BEAT, 0, 32",
    "fermata --at beat:12.5, AT_BEAT, 0, 12.5",
    "chords I V --at next-phrase:2, NEXT_PHRASE, 2, 0",
  })
  void atChoosesTheBoundary(String line, Boundary boundary, int phraseBars, double atBeat) {
    Quantize q = parse(line).getQuantize();
    assertThat(q.getBoundary()).isEqualTo(boundary);
    assertThat(q.getPhraseBars()).isEqualTo(phraseBars);
    assertThat(q.getAtBeat()).isEqualTo(atBeat);
  }

  @Test
  void atRefusals() {
    String times = "; use next-beat, next-bar, next-phrase, next-phrase:8 or beat:32.";
    assertRefused("section B --at soon", "\"soon\" is not a time" + times);
    assertRefused("section B --at", "--at needs a value, for example \"--at next-bar\".");
    assertRefused("section B --at --ramp 2", "--at needs a value, for example \"--at next-bar\".");
    assertRefused(
        "section B --at beat:x",
        "\"beat:x\" does not name a beat; write beat: and a beat number, for example \"beat:32\".");
    assertRefused(
        "section B --at beat:-4",
        "\"beat:-4\" does not name a beat; write beat: and a beat number, for example"
            + " \"beat:32\".");
    assertRefused(
        "section B --at next-phrase:0",
        "next-phrase: needs a number of bars from 1 to 64, not \"0\".");
  }

  // ------------------------------------------------------------------ the line itself

  @Test
  void emptyAndUnknownLinesAreRefusedWithAHint() {
    String hint =
        "Type a command, for example \"tempo 96\" or \"section B\" (\"help\" lists them all).";
    assertRefused("", hint);
    assertRefused("   ", hint);
    assertThatThrownBy(() -> FacilitatorCommandParser.parse((String) null)).hasMessage(hint);
    assertRefused(
        "louder",
        "\"louder\" is not a command; the commands are tempo, fermata, release, tap, section, key,"
            + " groove, meter, dynamics, accent, chords, follow.");
    assertRefused(
        "tempo 96 --fast",
        "\"--fast\" is not an option; the options are --ramp, --phrase and --at.");
  }

  @Test
  void wordsFromAShellParseLikeALine() {
    assertThat(FacilitatorCommandParser.parse(List.of("tempo", "96", "--ramp", "8")))
        .isEqualTo(parse("tempo 96 --ramp 8"));
  }

  @Test
  void extraWhitespaceIsIgnored() {
    assertThat(parse("  key   D \t dorian  ")).isEqualTo(parse("key D dorian"));
  }

  @Test
  void helpListsEveryCommand() {
    List<String> lines = FacilitatorCommandParser.HELP.lines().toList();
    for (String command : FacilitatorCommandParser.commands()) {
      assertThat(lines).anyMatch(line -> line.startsWith(command + " "));
    }
  }

  // ------------------------------------------------------------------ describing

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tempo 96 --ramp 8 | tempo 96 BPM over 8 beats",
        "tempo 72.5 | tempo 72.5 BPM",
        "fermata | fermata",
        "release | release",
        "release 100 | release at 100 BPM",
        "tap | tap",
        "section B | section B",
        "key D dorian | key D dorian",
        "key Bb minor pentatonic | key Bb minor-pentatonic",
        "groove swing | groove swing",
        "meter 3/4 --phrase 4 | meter 3/4 in 4-bar phrases",
        "meter 6/8 | meter 6/8",
        "dynamics ff --ramp 4 | dynamics ff over 4 beats",
        "accent | accent",
        "chords I IV V I | chords I IV V I",
      })
  void describeSaysTheCommandInWords(String line, String words) {
    assertThat(FacilitatorCommandParser.describe(parse(line))).isEqualTo(words);
  }
}
