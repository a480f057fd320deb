package org.attune.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attune.form.FormLimits;
import org.attune.mixer.MixerLimits;
import org.attune.protocol.v1.BackingPart;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.RemoteSound;
import org.attune.protocol.v1.SetBacking;
import org.attune.protocol.v1.SetMaster;
import org.attune.protocol.v1.SetRemoteSound;
import org.attune.protocol.v1.SetSpotlight;
import org.attune.protocol.v1.SetStrip;
import org.attune.protocol.v1.SetTurns;
import org.attune.text.DisplayText;

/**
 * The facilitator's mixing words, both ways: parses a line such as {@code mix m2 gain -6 pan -0.5},
 * {@code master -3} or {@code backing drums bass} into a {@link MixerCommand}, and describes a
 * command in words.
 *
 * <p>A console takes both these lines and {@link FacilitatorCommandParser}'s; {@link #isMixerLine}
 * tells it which parser a line is for. Ranges are checked here as well as on the server, so that a
 * slip of the keyboard gets its sentence before anything is sent. Anything it cannot read raises an
 * {@link IllegalArgumentException} whose message is one sentence for the therapist at the console.
 *
 * <p>Stateless; thread-safe.
 */
public final class MixerCommandParser {

  /**
   * The mixer's lines, for {@code help}; lines end with {@code \n} and fit 80 columns. A
   * compile-time constant, so that annotations (a usage footer) can use it; it holds no {@code %}.
   */
  /** "-60..+12", for {@link #HELP}. */
  private static final String GAIN_RANGE =
      (int) MixerLimits.MIN_GAIN_DB + "..+" + (int) MixerLimits.MAX_GAIN_DB;

  public static final String HELP =
      "mix MEMBER gain DB           a member's level, "
          + GAIN_RANGE
          + " dB, e.g. mix m2 gain -6\n"
          + "mix MEMBER pan PAN           "
          + (int) MixerLimits.MIN_PAN
          + " (left) .. "
          + (int) MixerLimits.MAX_PAN
          + " (right), or left, center, right\n"
          + "mix MEMBER mute|unmute       silence a member, or bring them back\n"
          + "mix MEMBER solo|unsolo       hear only the soloed members, or everyone again\n"
          + "mix MEMBER instrument NAME   a sound by name (marimba) or General MIDI "
          + MixerLimits.FIRST_PROGRAM
          + ".."
          + MixerLimits.LAST_PROGRAM
          + "\n"
          + "master DB                    the whole mix's level, "
          + GAIN_RANGE
          + " dB\n"
          + "backing PART...              the band: click, drums, bass, pad, comping\n"
          + "backing on | backing off     drums, bass and pad; or no band\n"
          + "remote stream | remote local what remote play pages hear: the room's mix\n"
          + "                             streamed, or the group played by each browser\n"
          + "spotlight MEMBER [DB] | off  the others ducked by DB (default "
          + (int) MixerLimits.DEFAULT_DUCK_DB
          + "), softer\n"
          + "turns BARS [GROUP] | off     the spotlight goes round, BARS bars each, then\n"
          + "                             GROUP bars of everyone (call and response)\n"
          + "\n"
          + "MEMBER is an id from the roster (m1, m2, ...). One line may change several\n"
          + "things, e.g. mix m2 gain -6 pan -0.5; instrument takes the rest of the line.\n"
          + "Mixer changes take effect at once; turns change on bar lines.";

  private static final List<String> COMMANDS =
      List.of("mix", "master", "backing", "remote", "spotlight", "turns");

  private static final Set<String> SETTINGS =
      Set.of("gain", "pan", "mute", "unmute", "solo", "unsolo", "instrument");

  private static final List<BackingPart> BACKING_ON =
      List.of(BackingPart.DRUMS, BackingPart.BASS, BackingPart.PAD);

  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Pattern DECIBELS =
      Pattern.compile("([+-]?(\\d+(\\.\\d*)?|\\.\\d+))(db)?", Pattern.CASE_INSENSITIVE);

  private MixerCommandParser() {}

  /** The command words, in the order {@link #HELP} lists them. */
  public static List<String> commands() {
    return COMMANDS;
  }

  /** True if the line's first word is {@code mix}, {@code master} or {@code backing}. */
  public static boolean isMixerLine(String line) {
    return isMixerLine(words(line));
  }

  /** True if the first word is {@code mix}, {@code master} or {@code backing}. */
  public static boolean isMixerLine(List<String> words) {
    return !words.isEmpty() && COMMANDS.contains(words.get(0).toLowerCase(Locale.ROOT));
  }

  /**
   * Parses one mixer line.
   *
   * @throws IllegalArgumentException with a sentence for people if the line is not a mixer command
   */
  public static MixerCommand parse(String line) {
    return parse(words(line));
  }

  /**
   * Parses a mixer command given as words (as a shell splits them).
   *
   * @throws IllegalArgumentException with a sentence for people if the words are not a mixer
   *     command
   */
  public static MixerCommand parse(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "Type a mixer command, for example \"mix m2 gain -6\", \"master -3\" or \"backing on\".");
    }
    String verb = words.get(0).toLowerCase(Locale.ROOT);
    List<String> rest = words.subList(1, words.size());
    return switch (verb) {
      case "mix" -> MixerCommand.newBuilder().setStrip(strip(rest)).build();
      case "master" -> MixerCommand.newBuilder().setMaster(master(rest)).build();
      case "backing" -> MixerCommand.newBuilder().setBacking(backing(rest)).build();
      case "remote" -> MixerCommand.newBuilder().setRemoteSound(remote(rest)).build();
      case "spotlight" -> MixerCommand.newBuilder().setSpotlight(spotlight(rest)).build();
      case "turns" -> MixerCommand.newBuilder().setTurns(turns(rest)).build();
      default ->
          throw new IllegalArgumentException(
              "\""
                  + words.get(0)
                  + "\" is not a mixer command; the mixer commands are "
                  + String.join(", ", COMMANDS)
                  + ".");
    };
  }

  private static List<String> words(String line) {
    String trimmed = line == null ? "" : line.strip();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }

  // ------------------------------------------------------------------ mix

  private static SetStrip strip(List<String> words) {
    if (words.isEmpty() || SETTINGS.contains(words.get(0).toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "Say whose sound to change, then what, for example \"mix m2 gain -6\".");
    }
    String member = words.get(0);
    if (DisplayText.length(member) > MixerLimits.MAX_MEMBER_ID_CHARS) {
      throw new IllegalArgumentException(
          "A member id has at most "
              + MixerLimits.MAX_MEMBER_ID_CHARS
              + " characters; see the roster.");
    }
    if (words.size() == 1) {
      throw new IllegalArgumentException(
          "Say what to change for "
              + member
              + ": gain, pan, mute, unmute, solo, unsolo or instrument, for example \"mix "
              + member
              + " gain -6\".");
    }
    SetStrip.Builder strip = SetStrip.newBuilder().setParticipantId(member);
    Set<String> given = new HashSet<>();
    int i = 1;
    while (i < words.size()) {
      String word = words.get(i);
      String setting = word.toLowerCase(Locale.ROOT);
      String field =
          switch (setting) {
            case "unmute" -> "mute";
            case "unsolo" -> "solo";
            default -> setting;
          };
      if (SETTINGS.contains(setting) && !given.add(field)) {
        throw new IllegalArgumentException(
            "This line sets the " + field + " of " + member + " twice; say it once.");
      }
      i++;
      switch (setting) {
        case "gain" -> {
          String value = value(words, i, "gain", "mix " + member + " gain -6");
          strip.setGainDb(decibels(value, "gain", "mix " + member + " gain -6"));
          i++;
          if (i < words.size() && words.get(i).equalsIgnoreCase("db")) {
            i++;
          }
        }
        case "pan" -> {
          String value = value(words, i, "pan", "mix " + member + " pan -0.5");
          strip.setPan(pan(value, member));
          i++;
        }
        case "mute" -> strip.setMute(true);
        case "unmute" -> strip.setMute(false);
        case "solo" -> strip.setSolo(true);
        case "unsolo" -> strip.setSolo(false);
        case "instrument" -> {
          strip.setInstrument(instrument(words.subList(i, words.size()), member));
          i = words.size();
        }
        default ->
            throw new IllegalArgumentException(
                "\""
                    + word
                    + "\" is not something to change; say gain, pan, mute, unmute, solo, unsolo"
                    + " or instrument, for example \"mix "
                    + member
                    + " gain -6\".");
      }
    }
    return strip.build();
  }

  /** The word after a setting, which must not be another setting. */
  private static String value(List<String> words, int i, String setting, String example) {
    if (i >= words.size() || SETTINGS.contains(words.get(i).toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "\"" + setting + "\" needs a value, for example \"" + example + "\".");
    }
    return words.get(i);
  }

  private static float pan(String text, String member) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "left" -> {
        return -1;
      }
      case "right" -> {
        return 1;
      }
      case "center", "centre" -> {
        return 0;
      }
      default -> {}
    }
    if (!NUMBER.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a pan; give "
              + (int) MixerLimits.MIN_PAN
              + " (left) to "
              + (int) MixerLimits.MAX_PAN
              + " (right), left, center or right, for example \"mix "
              + member
              + " pan -0.5\".");
    }
    float pan = Float.parseFloat(text);
    if (!MixerLimits.isPan(pan)) {
      throw new IllegalArgumentException(
          "Pan must be between "
              + (int) MixerLimits.MIN_PAN
              + " (left) and "
              + (int) MixerLimits.MAX_PAN
              + " (right), not "
              + text
              + ".");
    }
    return pan;
  }

  private static String instrument(List<String> words, String member) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "Name an instrument or a General MIDI program "
              + MixerLimits.FIRST_PROGRAM
              + ".."
              + MixerLimits.LAST_PROGRAM
              + ", for example \"mix "
              + member
              + " instrument marimba\".");
    }
    String name = String.join(" ", words);
    if (name.chars().allMatch(Character::isDigit)) {
      int program = name.length() > 3 ? 0 : Integer.parseInt(name);
      if (!MixerLimits.isProgram(program)) {
        throw new IllegalArgumentException(
            "A General MIDI program is "
                + MixerLimits.FIRST_PROGRAM
                + " to "
                + MixerLimits.LAST_PROGRAM
                + ", not "
                + name
                + ".");
      }
    } else if (DisplayText.length(name) > MixerLimits.MAX_INSTRUMENT_CHARS) {
      throw new IllegalArgumentException(
          "An instrument name has at most " + MixerLimits.MAX_INSTRUMENT_CHARS + " characters.");
    } else if (!MixerLimits.isInstrumentText(name)) {
      throw new IllegalArgumentException(
          "An instrument name is printable text, for example \"mix "
              + member
              + " instrument marimba\"; it may not hold control characters.");
    }
    return name;
  }

  // ------------------------------------------------------------------ master

  private static SetMaster master(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "Say the master gain in decibels, for example \"master -3\".");
    }
    float db = decibels(words.get(0), "master gain", "master -3");
    boolean unit = words.size() > 1 && words.get(1).equalsIgnoreCase("db");
    int used = unit ? 2 : 1;
    if (words.size() > used) {
      throw new IllegalArgumentException(
          "\"master\" takes one value; \""
              + String.join(" ", words.subList(used, words.size()))
              + "\" is extra.");
    }
    return SetMaster.newBuilder().setGainDb(db).build();
  }

  /** A gain such as {@code -6}, {@code +3} or {@code -6dB}, checked against the mixer's range. */
  private static float decibels(String text, String what, String example) {
    var m = DECIBELS.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a "
              + what
              + "; give decibels, for example \""
              + example
              + "\".");
    }
    float db = Float.parseFloat(m.group(1));
    if (!MixerLimits.isGainDb(db)) {
      throw new IllegalArgumentException(
          Character.toUpperCase(what.charAt(0))
              + what.substring(1)
              + " must be between "
              + (int) MixerLimits.MIN_GAIN_DB
              + " and +"
              + (int) MixerLimits.MAX_GAIN_DB
              + " dB, not "
              + m.group(1)
              + ".");
    }
    return db;
  }

  // ------------------------------------------------------------------ backing

  private static SetBacking backing(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "Say which parts play, for example \"backing drums bass\", \"backing on\" or"
              + " \"backing off\".");
    }
    List<String> parts = new ArrayList<>();
    for (String word : words) {
      for (String part : word.split(",")) {
        if (!part.isEmpty()) {
          parts.add(part.toLowerCase(Locale.ROOT));
        }
      }
    }
    if (parts.contains("off") || parts.contains("none")) {
      if (parts.size() > 1) {
        throw new IllegalArgumentException(
            "\"backing off\" stands alone; to keep some parts, name them, for example"
                + " \"backing drums bass\".");
      }
      return SetBacking.getDefaultInstance();
    }
    EnumSet<BackingPart> playing = EnumSet.noneOf(BackingPart.class);
    for (String part : parts) {
      switch (part) {
        case "on" -> playing.addAll(BACKING_ON);
        case "click" -> playing.add(BackingPart.CLICK);
        case "drums" -> playing.add(BackingPart.DRUMS);
        case "bass" -> playing.add(BackingPart.BASS);
        case "pad" -> playing.add(BackingPart.PAD);
        case "comping" -> playing.add(BackingPart.COMPING);
        default ->
            throw new IllegalArgumentException(
                "\""
                    + part
                    + "\" is not a backing part; the parts are click, drums, bass, pad and"
                    + " comping (on = drums, bass and pad; off = none).");
      }
    }
    return SetBacking.newBuilder().addAllParts(playing).build();
  }

  private static SetSpotlight spotlight(List<String> words) {
    if (words.size() == 1 && words.get(0).equalsIgnoreCase("off")) {
      return SetSpotlight.getDefaultInstance();
    }
    if (words.isEmpty() || words.size() > 2) {
      throw new IllegalArgumentException(
          "Say \"spotlight m2\" (the others ducked by "
              + (int) -MixerLimits.DEFAULT_DUCK_DB
              + " dB), \"spotlight m2 -6\" or \"spotlight off\".");
    }
    SetSpotlight.Builder s = SetSpotlight.newBuilder().setParticipantId(words.get(0));
    if (words.size() == 2) {
      Matcher m = DECIBELS.matcher(words.get(1));
      float db = m.matches() ? Float.parseFloat(m.group(1)) : Float.NaN;
      // 0 on the wire is the default duck, so "spotlight m2 0" would not do what it says.
      if (!(MixerLimits.isDuckDb(db) && db < MixerLimits.MAX_DUCK_DB)) {
        throw new IllegalArgumentException(
            "The others are ducked by "
                + (int) MixerLimits.MIN_DUCK_DB
                + " dB up to (not including) "
                + (int) MixerLimits.MAX_DUCK_DB
                + " dB, e.g. spotlight m2 -6, not \""
                + words.get(1)
                + "\".");
      }
      s.setDuckDb(db);
    }
    return s.build();
  }

  private static SetTurns turns(List<String> words) {
    if (words.size() == 1 && words.get(0).equalsIgnoreCase("off")) {
      return SetTurns.getDefaultInstance();
    }
    if (words.isEmpty()
        || words.size() > 2
        || !words.stream().allMatch(w -> w.matches("\\d{1,3}"))
        || Integer.parseInt(words.get(0)) < 1
        || Integer.parseInt(words.get(0)) > FormLimits.MAX_PHRASE_BARS
        || (words.size() == 2 && Integer.parseInt(words.get(1)) > FormLimits.MAX_PHRASE_BARS)) {
      throw new IllegalArgumentException(
          "Say \"turns 2\" (each member 2 bars in the spotlight, in turn), \"turns 2 2\" (then 2"
              + " bars of everyone: call and response; 1 to "
              + FormLimits.MAX_PHRASE_BARS
              + " bars each) or \"turns off\".");
    }
    SetTurns.Builder turns = SetTurns.newBuilder().setSoloBars(Integer.parseInt(words.get(0)));
    if (words.size() == 2) {
      turns.setGroupBars(Integer.parseInt(words.get(1)));
    }
    return turns.build();
  }

  private static SetRemoteSound remote(List<String> words) {
    String choice = words.size() == 1 ? words.get(0).toLowerCase(Locale.ROOT) : "";
    return switch (choice) {
      case "stream" -> SetRemoteSound.newBuilder().setSound(RemoteSound.SERVER_STREAM).build();
      case "local" -> SetRemoteSound.newBuilder().setSound(RemoteSound.LOCAL_SAMPLES).build();
      default ->
          throw new IllegalArgumentException(
              "Say \"remote stream\" (remote pages hear the room's mix) or \"remote local\""
                  + " (each page plays the group itself).");
    };
  }

  // ------------------------------------------------------------------ describing

  /**
   * The command in words, e.g. "m2: gain -6 dB, pan -0.5", "master +3 dB", "backing drums, bass" or
   * "backing off".
   */
  public static String describe(MixerCommand command) {
    return switch (command.getKindCase()) {
      case STRIP -> describe(command.getStrip());
      case MASTER -> "master " + decibels(command.getMaster().getGainDb());
      case BACKING -> {
        List<String> parts = new ArrayList<>();
        for (BackingPart part : command.getBacking().getPartsList()) {
          parts.add(part.name().toLowerCase(Locale.ROOT));
        }
        yield parts.isEmpty() ? "backing off" : "backing " + String.join(", ", parts);
      }
      case SPOTLIGHT ->
          command.getSpotlight().getParticipantId().isEmpty()
              ? "spotlight off"
              : "spotlight on " + command.getSpotlight().getParticipantId();
      case REMOTE_SOUND ->
          command.getRemoteSound().getSound() == RemoteSound.SERVER_STREAM
              ? "remote pages hear the streamed mix"
              : "remote pages play the group themselves";
      case TURNS ->
          command.getTurns().getSoloBars() == 0
              ? "turns off"
              : "turns of "
                  + command.getTurns().getSoloBars()
                  + " bars"
                  + (command.getTurns().getGroupBars() > 0
                      ? ", then " + command.getTurns().getGroupBars() + " for the group"
                      : "");
      case KIND_NOT_SET -> "nothing";
    };
  }

  private static String describe(SetStrip strip) {
    List<String> changes = new ArrayList<>();
    if (strip.hasInstrument()) {
      changes.add("instrument " + strip.getInstrument());
    }
    if (strip.hasGainDb()) {
      changes.add("gain " + decibels(strip.getGainDb()));
    }
    if (strip.hasPan()) {
      changes.add("pan " + number(strip.getPan()));
    }
    if (strip.hasMute()) {
      changes.add(strip.getMute() ? "mute" : "unmute");
    }
    if (strip.hasSolo()) {
      changes.add(strip.getSolo() ? "solo" : "unsolo");
    }
    return strip.getParticipantId()
        + ": "
        + (changes.isEmpty() ? "no change" : String.join(", ", changes));
  }

  private static String decibels(float db) {
    return (db > 0 ? "+" : "") + number(db) + " dB";
  }

  private static String number(float value) {
    if (value == 0) {
      return "0";
    }
    return value == Math.rint(value) ? Long.toString((long) value) : Float.toString(value);
  }
}
