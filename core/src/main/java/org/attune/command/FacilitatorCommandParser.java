package org.attune.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.attune.clock.TempoMap;
import org.attune.form.Dynamics;
import org.attune.form.FormLimits;
import org.attune.form.RomanChord;
import org.attune.form.Scales;
import org.attune.mixer.MixerLimits;
import org.attune.protocol.v1.Accent;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Fermata;
import org.attune.protocol.v1.FollowMember;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Release;
import org.attune.protocol.v1.SetDynamics;
import org.attune.protocol.v1.SetGroove;
import org.attune.protocol.v1.SetKey;
import org.attune.protocol.v1.SetMeter;
import org.attune.protocol.v1.SetProgression;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.SetTempo;
import org.attune.protocol.v1.TapTempo;
import org.attune.text.DisplayText;

/**
 * The facilitator's words, both ways: parses a line such as {@code tempo 96 --ramp 8} or {@code
 * section B --at next-phrase} into a {@link FacilitatorCommand}, and describes a command in words.
 *
 * <p>Every command takes {@code --at next-beat|next-bar|next-phrase|next-phrase:N|beat:B}; form
 * changes (section, key, meter, chords, groove) default to the next bar, tempo and dynamics changes
 * to the next beat. Anything it cannot read raises an {@link IllegalArgumentException} whose
 * message is one sentence for the therapist at the console.
 *
 * <p>Stateless; thread-safe.
 */
public final class FacilitatorCommandParser {

  /**
   * The commands, one a line, then the modes and the times, for {@code help}; lines end with {@code
   * \n} and fit 80 columns. A compile-time constant, so that annotations (a usage footer) can use
   * it.
   */
  public static final String HELP =
      "tempo BPM [--ramp BEATS]     new tempo ("
          + (int) TempoMap.MIN_BPM
          + ".."
          + (int) TempoMap.MAX_BPM
          + "), at once or over BEATS beats\n"
          + "fermata                      hold the beat\n"
          + "release [BPM]                end the fermata, at the old tempo or at BPM\n"
          + "tap                          tap tempo: four steady taps set the tempo\n"
          + "section NAME                 start a section, e.g. section B\n"
          + "key TONIC [MODE]             change key, e.g. key D dorian\n"
          + "groove NAME                  change the groove, e.g. groove swing\n"
          + "meter N/D [--phrase BARS]    change the meter, e.g. meter 3/4 --phrase 4\n"
          + "dynamics MARK [--ramp BEATS] ppp .. fff, at once or over BEATS beats\n"
          + "accent                       accent one beat\n"
          + "chords I IV V I              a progression, one chord per bar, looping\n"
          + "follow MEMBER [MIN MAX]      the tempo follows a member's playing (off: stop)\n"
          + "\n"
          + "Modes: major, minor, ionian, dorian, phrygian, lydian, mixolydian, aeolian,\n"
          + "locrian, major-pentatonic, minor-pentatonic, blues, harmonic-minor.\n"
          + "Every command takes --at next-beat, next-bar, next-phrase, next-phrase:8 or\n"
          + "beat:32. Form changes wait for the next bar; tempo and dynamics for the next\n"
          + "beat.";

  private static final List<String> COMMANDS =
      List.of(
          "tempo",
          "fermata",
          "release",
          "tap",
          "section",
          "key",
          "groove",
          "meter",
          "dynamics",
          "accent",
          "chords",
          "follow");

  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Pattern METER = Pattern.compile("(\\d{1,3})/(\\d{1,3})");

  private static final Map<String, Mode> MODES = new LinkedHashMap<>();

  static {
    MODES.put("major", Mode.MAJOR);
    MODES.put("minor", Mode.NATURAL_MINOR);
    MODES.put("natural-minor", Mode.NATURAL_MINOR);
    MODES.put("ionian", Mode.IONIAN);
    MODES.put("dorian", Mode.DORIAN);
    MODES.put("phrygian", Mode.PHRYGIAN);
    MODES.put("lydian", Mode.LYDIAN);
    MODES.put("mixolydian", Mode.MIXOLYDIAN);
    MODES.put("aeolian", Mode.AEOLIAN);
    MODES.put("locrian", Mode.LOCRIAN);
    MODES.put("major-pentatonic", Mode.MAJOR_PENTATONIC);
    MODES.put("minor-pentatonic", Mode.MINOR_PENTATONIC);
    MODES.put("blues", Mode.BLUES);
    MODES.put("harmonic-minor", Mode.HARMONIC_MINOR);
  }

  private FacilitatorCommandParser() {}

  /** The command words, in the order {@link #HELP} lists them. */
  public static List<String> commands() {
    return COMMANDS;
  }

  /**
   * Parses one command line.
   *
   * @throws IllegalArgumentException with a sentence for people if the line is not a command
   */
  public static FacilitatorCommand parse(String line) {
    String trimmed = line == null ? "" : line.strip();
    return parse(trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+")));
  }

  /**
   * Parses a command given as words (as a shell splits them).
   *
   * @throws IllegalArgumentException with a sentence for people if the words are not a command
   */
  public static FacilitatorCommand parse(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "Type a command, for example \"tempo 96\" or \"section B\" (\"help\" lists them all).");
    }
    String verb = words.get(0).toLowerCase(Locale.ROOT);
    Words w = Words.split(verb, words.subList(1, words.size()));
    FacilitatorCommand.Builder command = FacilitatorCommand.newBuilder();
    Quantize.Boundary defaultBoundary = Quantize.Boundary.NEXT_BEAT;
    switch (verb) {
      case "tempo" -> {
        w.allowOptions("--ramp");
        double bpm = w.bpm(w.one("tempo", "a tempo, for example \"tempo 96\""));
        SetTempo.Builder tempo = SetTempo.newBuilder().setBpm(bpm);
        if (w.has("--ramp")) {
          tempo.setRampBeats(w.rampBeats());
        }
        command.setTempo(tempo);
      }
      case "fermata" -> {
        w.allowOptions();
        w.none();
        command.setFermata(Fermata.getDefaultInstance());
      }
      case "release" -> {
        w.allowOptions();
        Release.Builder release = Release.newBuilder();
        if (!w.positional.isEmpty()) {
          release.setBpm(w.bpm(w.one("release", "a tempo to go on with")));
        }
        command.setRelease(release);
      }
      case "tap" -> {
        w.allowOptions();
        w.none();
        command.setTapTempo(TapTempo.getDefaultInstance());
      }
      case "section" -> {
        w.allowOptions();
        command.setSection(SetSection.newBuilder().setName(w.name("section", "B")));
        defaultBoundary = Quantize.Boundary.NEXT_BAR;
      }
      case "groove" -> {
        w.allowOptions();
        command.setGroove(SetGroove.newBuilder().setName(w.name("groove", "swing")));
        defaultBoundary = Quantize.Boundary.NEXT_BAR;
      }
      case "key" -> {
        w.allowOptions();
        command.setKey(key(w.positional));
        defaultBoundary = Quantize.Boundary.NEXT_BAR;
      }
      case "meter" -> {
        w.allowOptions("--phrase");
        command.setMeter(meter(w));
        defaultBoundary = Quantize.Boundary.NEXT_BAR;
      }
      case "dynamics" -> {
        w.allowOptions("--ramp");
        String marking = w.one("dynamics", "a marking, for example \"dynamics f\"");
        SetDynamics.Builder dynamics = SetDynamics.newBuilder().setLevel(dynamic(marking));
        if (w.has("--ramp")) {
          dynamics.setRampBeats(w.rampBeats());
        }
        command.setDynamics(dynamics);
      }
      case "accent" -> {
        w.allowOptions();
        w.none();
        command.setAccent(Accent.getDefaultInstance());
      }
      case "chords" -> {
        w.allowOptions();
        command.setProgression(progression(w.positional));
        defaultBoundary = Quantize.Boundary.NEXT_BAR;
      }
      case "follow" -> {
        w.allowOptions();
        command.setFollow(follow(w));
      }
      default ->
          throw new IllegalArgumentException(
              "\""
                  + words.get(0)
                  + "\" is not a command; the commands are "
                  + String.join(", ", COMMANDS)
                  + ".");
    }
    command.setQuantize(
        w.has("--at")
            ? quantize(w.option("--at"))
            : Quantize.newBuilder().setBoundary(defaultBoundary).build());
    return command.build();
  }

  // ------------------------------------------------------------------ pieces

  private static FollowMember follow(Words w) {
    List<String> words = w.positional;
    if (words.size() != 1 && words.size() != 3) {
      throw new IllegalArgumentException(
          "Say whom to follow, and if you like the slowest and fastest tempo, for example"
              + " \"follow m2\" or \"follow m2 70 120\"; \"follow off\" stops.");
    }
    String member = words.get(0);
    if (member.equalsIgnoreCase("off")) {
      if (words.size() != 1) {
        throw new IllegalArgumentException("\"follow off\" takes no tempi.");
      }
      return FollowMember.getDefaultInstance();
    }
    if (DisplayText.length(member) > MixerLimits.MAX_MEMBER_ID_CHARS) {
      throw new IllegalArgumentException(
          "A member is named by its id, e.g. m2, of at most "
              + MixerLimits.MAX_MEMBER_ID_CHARS
              + " characters.");
    }
    FollowMember.Builder follow = FollowMember.newBuilder().setParticipantId(member);
    if (words.size() == 3) {
      double min = w.bpm(words.get(1));
      double max = w.bpm(words.get(2));
      if (min > max) {
        throw new IllegalArgumentException(
            "Give the slowest tempo first, then the fastest, e.g. \"follow m2 70 120\".");
      }
      follow.setMinBpm(min).setMaxBpm(max);
    }
    return follow.build();
  }

  private static SetKey key(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("Say which key, for example \"key D dorian\".");
    }
    int tonic;
    try {
      tonic = Scales.pitchClass(words.get(0));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "\"" + words.get(0) + "\" is not a note name; use C, C#, Db, D, ... B.");
    }
    Mode mode = Mode.MAJOR;
    if (words.size() > 1) {
      String name =
          String.join("-", words.subList(1, words.size()))
              .toLowerCase(Locale.ROOT)
              .replace('_', '-');
      mode = MODES.get(name);
      if (mode == null) {
        throw new IllegalArgumentException(
            "\""
                + String.join(" ", words.subList(1, words.size()))
                + "\" is not a mode; use "
                + String.join(", ", MODES.keySet())
                + ".");
      }
    }
    return SetKey.newBuilder().setTonic(tonic).setMode(mode).build();
  }

  private static SetMeter meter(Words w) {
    String text = w.one("meter", "a meter, for example \"meter 3/4\"");
    var m = METER.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a meter; write beats/unit, for example \"meter 3/4\".");
    }
    int beats = Integer.parseInt(m.group(1));
    int unit = Integer.parseInt(m.group(2));
    if (!FormLimits.isBeatsPerBar(beats)) {
      throw new IllegalArgumentException(
          "A bar has "
              + FormLimits.MIN_BEATS_PER_BAR
              + " to "
              + FormLimits.MAX_BEATS_PER_BAR
              + " beats, not "
              + beats
              + ".");
    }
    if (!FormLimits.isBeatUnit(unit)) {
      throw new IllegalArgumentException(
          "The beat unit must be " + FormLimits.beatUnitsInWords() + ", not " + unit + ".");
    }
    SetMeter.Builder meter = SetMeter.newBuilder().setBeatsPerBar(beats).setBeatUnit(unit);
    if (w.has("--phrase")) {
      meter.setPhraseBars(phraseBars(w.option("--phrase"), "--phrase"));
    }
    return meter.build();
  }

  private static org.attune.protocol.v1.Dynamic dynamic(String marking) {
    try {
      return Dynamics.parse(marking);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "\"" + marking + "\" is not a dynamic marking; use ppp, pp, p, mp, mf, f, ff or fff.");
    }
  }

  private static SetProgression progression(List<String> chords) {
    if (chords.isEmpty()) {
      throw new IllegalArgumentException(
          "Give the chords as Roman numerals, for example \"chords I IV V I\".");
    }
    if (!FormLimits.isChordCount(chords.size())) {
      throw new IllegalArgumentException(
          "A progression has at most "
              + FormLimits.MAX_CHORDS
              + " chords, not "
              + chords.size()
              + ".");
    }
    for (String chord : chords) {
      try {
        RomanChord.parse(chord);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "\""
                + chord
                + "\" is not a chord; write Roman numerals such as I, IV, V7, ii, vi, bVII.");
      }
    }
    return SetProgression.newBuilder().addAllChords(chords).build();
  }

  private static Quantize quantize(String at) {
    String when = at.toLowerCase(Locale.ROOT);
    Quantize.Builder q = Quantize.newBuilder();
    if (when.equals("next-beat")) {
      return q.setBoundary(Quantize.Boundary.NEXT_BEAT).build();
    }
    if (when.equals("next-bar")) {
      return q.setBoundary(Quantize.Boundary.NEXT_BAR).build();
    }
    if (when.equals("next-phrase")) {
      return q.setBoundary(Quantize.Boundary.NEXT_PHRASE).build();
    }
    if (when.startsWith("next-phrase:")) {
      return q.setBoundary(Quantize.Boundary.NEXT_PHRASE)
          .setPhraseBars(phraseBars(when.substring("next-phrase:".length()), "next-phrase:"))
          .build();
    }
    if (when.startsWith("beat:")) {
      String beat = when.substring("beat:".length());
      if (!NUMBER.matcher(beat).matches() || Double.parseDouble(beat) < 0) {
        throw new IllegalArgumentException(
            "\""
                + at
                + "\" does not name a beat; write beat: and a beat number, for example"
                + " \"beat:32\".");
      }
      return q.setBoundary(Quantize.Boundary.AT_BEAT).setAtBeat(Double.parseDouble(beat)).build();
    }
    throw new IllegalArgumentException(
        "\""
            + at
            + "\" is not a time; use next-beat, next-bar, next-phrase, next-phrase:8 or beat:32.");
  }

  private static int phraseBars(String text, String what) {
    if (!text.matches("\\d{1,3}") || !FormLimits.isPhraseBars(Integer.parseInt(text))) {
      throw new IllegalArgumentException(
          what
              + " needs a number of bars from "
              + FormLimits.MIN_PHRASE_BARS
              + " to "
              + FormLimits.MAX_PHRASE_BARS
              + ", not \""
              + text
              + "\".");
    }
    return Integer.parseInt(text);
  }

  // ------------------------------------------------------------------ describing

  /** The command in words, e.g. "tempo 96 BPM over 8 beats" or "section B". */
  public static String describe(FacilitatorCommand command) {
    return switch (command.getKindCase()) {
      case TEMPO ->
          "tempo "
              + number(command.getTempo().getBpm())
              + " BPM"
              + over(command.getTempo().getRampBeats());
      case FERMATA -> "fermata";
      case RELEASE ->
          command.getRelease().getBpm() > 0
              ? "release at " + number(command.getRelease().getBpm()) + " BPM"
              : "release";
      case TAP_TEMPO -> "tap";
      case SECTION -> "section " + command.getSection().getName();
      case METER ->
          "meter "
              + command.getMeter().getBeatsPerBar()
              + "/"
              + command.getMeter().getBeatUnit()
              + (command.getMeter().getPhraseBars() > 0
                  ? " in " + command.getMeter().getPhraseBars() + "-bar phrases"
                  : "");
      case KEY ->
          "key "
              + Scales.noteName(command.getKey().getTonic())
              + " "
              + modeName(command.getKey().getMode());
      case GROOVE -> "groove " + command.getGroove().getName();
      case DYNAMICS ->
          "dynamics "
              + command.getDynamics().getLevel().name().toLowerCase(Locale.ROOT)
              + over(command.getDynamics().getRampBeats());
      case ACCENT -> "accent";
      case PROGRESSION -> "chords " + String.join(" ", command.getProgression().getChordsList());
      case FOLLOW ->
          command.getFollow().getParticipantId().isEmpty()
              ? "follow off"
              : "follow "
                  + command.getFollow().getParticipantId()
                  + (command.getFollow().getMaxBpm() > 0
                      ? " within "
                          + number(command.getFollow().getMinBpm())
                          + ".."
                          + number(command.getFollow().getMaxBpm())
                          + " BPM"
                      : "");
      case KIND_NOT_SET -> "nothing";
    };
  }

  /** The name {@link #parse} reads for a mode, e.g. "dorian", "minor-pentatonic". */
  public static String modeName(Mode mode) {
    for (Map.Entry<String, Mode> entry : MODES.entrySet()) {
      if (entry.getValue() == mode) {
        return entry.getKey();
      }
    }
    return mode.name().toLowerCase(Locale.ROOT);
  }

  private static String over(double beats) {
    return beats > 0 ? " over " + number(beats) + " beats" : "";
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  // ------------------------------------------------------------------ words and options

  /** A command's words after the verb: positional words and {@code --name value} options. */
  private static final class Words {
    private static final Set<String> OPTIONS = Set.of("--ramp", "--at", "--phrase");

    private final String verb;
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();

    private Words(String verb) {
      this.verb = verb;
    }

    static Words split(String verb, List<String> words) {
      Words w = new Words(verb);
      for (int i = 0; i < words.size(); i++) {
        String word = words.get(i);
        if (!word.startsWith("--")) {
          w.positional.add(word);
          continue;
        }
        String name = word;
        String value = null;
        int equals = word.indexOf('=');
        if (equals > 0) {
          name = word.substring(0, equals);
          value = word.substring(equals + 1);
        }
        name = name.toLowerCase(Locale.ROOT);
        if (!OPTIONS.contains(name)) {
          throw new IllegalArgumentException(
              "\"" + word + "\" is not an option; the options are --ramp, --phrase and --at.");
        }
        if (value == null) {
          if (i + 1 >= words.size() || words.get(i + 1).startsWith("--")) {
            throw new IllegalArgumentException(
                name + " needs a value, for example " + example(name) + ".");
          }
          value = words.get(++i);
        }
        if (value.isEmpty()) {
          throw new IllegalArgumentException(
              name + " needs a value, for example " + example(name) + ".");
        }
        if (w.options.put(name, value) != null) {
          throw new IllegalArgumentException(name + " is given twice.");
        }
      }
      return w;
    }

    private static String example(String option) {
      return switch (option) {
        case "--ramp" -> "\"--ramp 8\"";
        case "--phrase" -> "\"--phrase 4\"";
        default -> "\"--at next-bar\"";
      };
    }

    /** Refuses options other than {@code --at} and the given ones. */
    void allowOptions(String... allowed) {
      Set<String> ok = Set.of(allowed);
      for (String name : options.keySet()) {
        if (!name.equals("--at") && !ok.contains(name)) {
          throw new IllegalArgumentException("\"" + verb + "\" does not take " + name + ".");
        }
      }
    }

    boolean has(String option) {
      return options.containsKey(option);
    }

    String option(String option) {
      return options.get(option);
    }

    void none() {
      if (!positional.isEmpty()) {
        throw new IllegalArgumentException(
            "\""
                + verb
                + "\" takes no words after it; \""
                + String.join(" ", positional)
                + "\" is extra.");
      }
    }

    String one(String what, String needs) {
      if (positional.isEmpty()) {
        throw new IllegalArgumentException("Say " + needs + ".");
      }
      if (positional.size() > 1) {
        throw new IllegalArgumentException(
            "\""
                + what
                + "\" takes one value; \""
                + String.join(" ", positional.subList(1, positional.size()))
                + "\" is extra.");
      }
      return positional.get(0);
    }

    String name(String what, String example) {
      String name = String.join(" ", positional).strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "Give the " + what + " a name, for example \"" + what + " " + example + "\".");
      }
      if (DisplayText.length(name) > FormLimits.MAX_LABEL_CHARS) {
        throw new IllegalArgumentException(
            "A " + what + " name has at most " + FormLimits.MAX_LABEL_CHARS + " characters.");
      }
      if (!FormLimits.isLabel(name)) {
        throw new IllegalArgumentException(
            "A "
                + what
                + " name is printable text, for example \""
                + what
                + " "
                + example
                + "\"; it may not hold control characters.");
      }
      return name;
    }

    double bpm(String text) {
      if (!NUMBER.matcher(text).matches()) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is not a tempo; give beats per minute, for example \"tempo 96\".");
      }
      double bpm = Double.parseDouble(text);
      if (bpm < TempoMap.MIN_BPM || bpm > TempoMap.MAX_BPM) {
        throw new IllegalArgumentException(
            "A tempo must be between "
                + (int) TempoMap.MIN_BPM
                + " and "
                + (int) TempoMap.MAX_BPM
                + " BPM, not "
                + text
                + ".");
      }
      return bpm;
    }

    double rampBeats() {
      String text = options.get("--ramp");
      if (!NUMBER.matcher(text).matches() || !(Double.parseDouble(text) > 0)) {
        throw new IllegalArgumentException(
            "--ramp needs a number of beats greater than 0, for example \"--ramp 8\", not \""
                + text
                + "\".");
      }
      double beats = Double.parseDouble(text);
      if (!FormLimits.isRampBeats(beats)) {
        throw new IllegalArgumentException(
            "A ramp lasts at most "
                + (int) FormLimits.MAX_RAMP_BEATS
                + " beats, not "
                + text
                + ".");
      }
      return beats;
    }
  }
}
