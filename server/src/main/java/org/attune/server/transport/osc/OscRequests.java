package org.attune.server.transport.osc;

import com.illposed.osc.OSCMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.attune.audio.builtin.GeneralMidi;
import org.attune.command.FacilitatorCommandParser;
import org.attune.command.MixerCommandParser;
import org.attune.form.FormLimits;
import org.attune.form.Scales;
import org.attune.gesture.GestureLimits;
import org.attune.mixer.MixerLimits;
import org.attune.protocol.v1.BackingPart;
import org.attune.protocol.v1.Control;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Hit;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.RecordFormat;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetBacking;
import org.attune.protocol.v1.SetMaster;
import org.attune.protocol.v1.SetStrip;
import org.attune.protocol.v1.Tap;
import org.attune.server.transport.osc.OscRequest.ButtonReleased;

/**
 * Reads an OSC message of Attune's address space (README.md, "OSC") into a request.
 *
 * <p>Everything lives under {@code /attune/}. Arguments may also be given as address segments, as
 * TouchOSC's buttons do: {@code /attune/pad/3 1.0} is {@code /attune/pad 3 1.0}. On addresses that
 * act on a press, a trailing button value 0 (the button's release) does nothing. Facilitator
 * commands speak the console's language: {@code /attune/tempo 96 8 next-bar} is {@code tempo 96
 * --ramp 8 --at next-bar}, and {@code /attune/command "section B --at next-phrase"} takes a whole
 * console line. The mix is set one control at a time, as a tablet's faders and toggles do: {@code
 * /attune/mixer/gain/m2 -6}, {@code /attune/mixer/mute/m2 1}. Under {@code /attune/midi/}, the
 * gesture addresses read every velocity as MIDI 0..127, for tools such as Pure Data that send every
 * number as a float.
 *
 * <p>Stateless; thread-safe.
 */
final class OscRequests {

  static final String PREFIX = "/attune/";

  /** Velocity of a gesture that names none. */
  static final float DEFAULT_VELOCITY = 0.8f;

  /** The join option for server times as one int64 ({@link OscServerTime#INT64_MICROS}). */
  static final String INT64_OPTION = "--int64";

  /** The lowest UDP port a join may name for replies (0 is no port). */
  static final int MIN_REPLY_PORT = 1;

  /** The highest UDP port. */
  static final int MAX_REPLY_PORT = 65_535;

  /** Join options are words that begin with this, after the name. */
  private static final String OPTION_PREFIX = "--";

  private static final Set<String> FACILITATOR_VERBS =
      Set.of(
          "tempo",
          "fermata",
          "release",
          "taptempo",
          "section",
          "key",
          "groove",
          "meter",
          "dynamics",
          "accent",
          "chords",
          "follow",
          "command");

  /** MIDI note numbers, for sentences. */
  private static final String PITCHES = GestureLimits.MIN_PITCH + ".." + GestureLimits.MAX_PITCH;

  private static final String PAN =
      "pan (" + (int) MixerLimits.MIN_PAN + " left .. " + (int) MixerLimits.MAX_PAN + " right)";

  private static final Set<String> MIXER_CONTROLS =
      Set.of("gain", "pan", "mute", "solo", "instrument", "master", "spotlight", "remote", "turns");

  /** {@code /attune/backing on}: the backing band most sessions want. */
  private static final List<BackingPart> BACKING_ON =
      List.of(BackingPart.DRUMS, BackingPart.BASS, BackingPart.PAD);

  /** Facilitator verbs that take no number, so that a lone 0 or 1 can only be a button value. */
  private static final Set<String> WITHOUT_NUMBERS =
      Set.of("fermata", "taptempo", "section", "groove", "accent", "chords", "command");

  private OscRequests() {}

  /**
   * Reads one message.
   *
   * @param defaultAt when a command that names no time takes effect ({@code next-bar}, ...), or
   *     null for each command's own default
   * @throws OscRequestException for an unknown address or arguments that do not fit it
   */
  static OscRequest read(OSCMessage message, String defaultAt) throws OscRequestException {
    String address = message.getAddress();
    if (!address.startsWith(PREFIX) || address.length() == PREFIX.length()) {
      throw unknown(address);
    }
    List<String> segments = Arrays.asList(address.substring(PREFIX.length()).split("/", -1));
    String verb = segments.get(0).toLowerCase(Locale.ROOT);
    List<String> path = segments.subList(1, segments.size());
    if (path.contains("")) {
      throw unknown(address);
    }
    List<Object> sent = message.getArguments();
    return switch (verb) {
      case "join" -> join(address, path, sent);
      case "leave" -> new OscRequest.Leave();
      case "end" -> new OscRequest.End();
      case "record" -> record(args(address, path, sent));
      case "ping" -> new OscRequest.Ping();
      case "quantize" -> quantize(args(address, path, sent));
      case "note" -> note(address, path, sent, Scale.FORGIVING);
      case "pad" -> pad(address, path, sent, PadLayer.SCALE, Scale.FORGIVING);
      case "tone" -> pad(address, path, sent, PadLayer.CHORD, Scale.FORGIVING);
      case "hit" -> hit(args(address, path, sent), Scale.FORGIVING);
      case "control", "intensity" -> control(args(address, path, sent), Scale.FORGIVING);
      case "midi" -> midi(address, path, sent);
      case "tap" -> tap(args(address, path, sent));
      case "mixer" -> mixer(address, path, sent);
      case "backing" -> backing(args(address, path, sent));
      default -> {
        if (!FACILITATOR_VERBS.contains(verb)) {
          throw unknown(address);
        }
        yield command(address, verb, path, sent, defaultAt);
      }
    };
  }

  // ---------------------------------------------------------------- membership

  private static OscRequest join(String address, List<String> path, List<Object> sent)
      throws OscRequestException {
    Role role = path.isEmpty() ? Role.PARTICIPANT : roleNamed(path.get(0));
    if (role == null) {
      throw unknown(address);
    }
    OscArguments a = args(address, path.isEmpty() ? path : path.subList(1, path.size()), sent);
    int i = 0;
    String code = a.text(i++, "group code");
    String key = role == Role.FACILITATOR ? a.text(i++, "facilitator key") : "";
    if (isOption(a, i)) {
      throw OscRequestException.badArguments(address + " needs the name before any option.");
    }
    String name = a.word(i++, "name");
    String instrument =
        a.has(i) && !a.isTypedNumber(i) && !isOption(a, i) ? a.text(i++, "instrument") : "";
    int replyPort = 0;
    if (a.has(i) && !isOption(a, i)) {
      replyPort = a.integer(i++, "reply port");
      if (!isReplyPort(replyPort)) {
        throw OscRequestException.badArguments(
            address
                + ": the reply port must be "
                + MIN_REPLY_PORT
                + ".."
                + MAX_REPLY_PORT
                + ", not "
                + replyPort
                + ".");
      }
    }
    OscServerTime times = OscServerTime.SECONDS_AND_MICROS;
    for (; isOption(a, i); i++) {
      String option = a.text(i, "option");
      if (!option.equalsIgnoreCase(INT64_OPTION)) {
        throw OscRequestException.badArguments(
            address
                + ": Attune knows no join option \""
                + option
                + "\"; the one option is "
                + INT64_OPTION
                + " (server times as one int64 of microseconds).");
      }
      times = OscServerTime.INT64_MICROS;
    }
    if (a.has(i)) {
      throw OscRequestException.badArguments(
          address
              + " takes the group code, "
              + (role == Role.FACILITATOR ? "the facilitator key, " : "")
              + "a name, an instrument, a reply port and "
              + INT64_OPTION
              + ", in that order; there are more arguments.");
    }
    return new OscRequest.Join(code, name, instrument, role, key, replyPort, times);
  }

  /**
   * The reply port a join names, for answering a join that is refused, even one whose arguments do
   * not read: the first number sent after the group code and the name (and the key, for a
   * facilitator), if it is a port 1..65535; 0 if there is none.
   */
  static int namedReplyPort(OSCMessage message) {
    String address = message.getAddress();
    String join = PREFIX + "join";
    if (!isJoin(address)) {
      return 0;
    }
    List<String> path =
        address.length() == join.length()
            ? List.of()
            : Arrays.asList(address.substring(join.length() + 1).split("/", -1));
    Role role = path.isEmpty() ? Role.PARTICIPANT : roleNamed(path.get(0));
    OscArguments a =
        role == null
            ? new OscArguments(address, message.getArguments())
            : args(
                address,
                path.isEmpty() ? path : path.subList(1, path.size()),
                message.getArguments());
    for (int i = role == Role.FACILITATOR ? 3 : 2; i < a.size(); i++) {
      if (a.isTypedNumber(i)) {
        try {
          int port = a.integer(i, "reply port");
          return isReplyPort(port) ? port : 0;
        } catch (OscRequestException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static boolean isReplyPort(int port) {
    return port >= MIN_REPLY_PORT && port <= MAX_REPLY_PORT;
  }

  /** True for {@code /attune/join} and {@code /attune/join/...}. */
  static boolean isJoin(String address) {
    String join = PREFIX + "join";
    return address.equals(join) || address.startsWith(join + "/");
  }

  /** The role a join address names after {@code /attune/join/}, or null for none Attune has. */
  private static Role roleNamed(String segment) {
    return switch (segment.toLowerCase(Locale.ROOT)) {
      case "participant" -> Role.PARTICIPANT;
      case "facilitator" -> Role.FACILITATOR;
      case "listener" -> Role.LISTENER;
      default -> null;
    };
  }

  private static boolean isOption(OscArguments a, int i) {
    return a.isText(i) && a.textOrNull(i).startsWith(OPTION_PREFIX);
  }

  private static OscRequest quantize(OscArguments a) throws OscRequestException {
    String at = a.text(0, "time (next-beat, next-bar, next-phrase, next-phrase:8 or beat:32)");
    try {
      FacilitatorCommandParser.parse(List.of("accent", "--at", at));
    } catch (IllegalArgumentException e) {
      throw OscRequestException.badArguments("/attune/quantize: " + e.getMessage());
    }
    return new OscRequest.SetQuantize(at);
  }

  // ---------------------------------------------------------------- gestures

  /** How a gesture address reads its velocities and values. */
  private enum Scale {
    /** 0..1 as floats, MIDI 0..127 as ints or floats above 1 ({@link OscArguments#unitValue}). */
    FORGIVING,
    /** Always MIDI 0..127, whatever the type ({@link OscArguments#midiValue}). */
    MIDI;

    float read(OscArguments a, int i, String what) throws OscRequestException {
      return this == MIDI ? a.midiValue(i, what) : a.unitValue(i, what);
    }
  }

  /**
   * {@code /attune/midi/note 60 1}: the gesture addresses, with every velocity and value read as
   * MIDI 0..127. Pure Data sends every number as a float, so a velocity of 1 from {@code [notein]}
   * would otherwise read as 0..1's full volume.
   */
  private static OscRequest midi(String address, List<String> path, List<Object> sent)
      throws OscRequestException {
    String verb = path.isEmpty() ? "" : path.get(0).toLowerCase(Locale.ROOT);
    List<String> rest = path.isEmpty() ? path : path.subList(1, path.size());
    return switch (verb) {
      case "note" -> note(address, rest, sent, Scale.MIDI);
      case "pad" -> pad(address, rest, sent, PadLayer.SCALE, Scale.MIDI);
      case "tone" -> pad(address, rest, sent, PadLayer.CHORD, Scale.MIDI);
      case "hit" -> hit(args(address, rest, sent), Scale.MIDI);
      case "control", "intensity" -> control(args(address, rest, sent), Scale.MIDI);
      default -> throw unknown(address);
    };
  }

  private static OscRequest note(String address, List<String> path, List<Object> sent, Scale scale)
      throws OscRequestException {
    String how = path.isEmpty() ? "" : path.get(0).toLowerCase(Locale.ROOT);
    boolean explicit = how.equals("on") || how.equals("off");
    OscArguments a = args(address, explicit ? path.subList(1, path.size()) : path, sent);
    int pitch = a.integer(0, "pitch (" + PITCHES + ")");
    if (!GestureLimits.isPitch(pitch)) {
      throw OscRequestException.badArguments(
          address + ": the pitch must be " + PITCHES + ", not " + pitch + ".");
    }
    float velocity = a.has(1) ? scale.read(a, 1, "velocity") : DEFAULT_VELOCITY;
    if (how.equals("off") || (!how.equals("on") && velocity == 0)) {
      return play(Gesture.newBuilder().setNoteOff(NoteOff.newBuilder().setPitch(pitch)));
    }
    return play(
        Gesture.newBuilder().setNoteOn(NoteOn.newBuilder().setPitch(pitch)).setVelocity(velocity));
  }

  private static OscRequest pad(
      String address, List<String> path, List<Object> sent, PadLayer layer, Scale scale)
      throws OscRequestException {
    boolean release = !path.isEmpty() && path.get(0).equalsIgnoreCase("release");
    OscArguments a = args(address, release ? path.subList(1, path.size()) : path, sent);
    int degree = a.integer(0, layer == PadLayer.SCALE ? "scale degree" : "chord tone");
    float velocity = a.has(1) ? scale.read(a, 1, "velocity") : DEFAULT_VELOCITY;
    Pad.Builder pad = Pad.newBuilder().setDegree(degree).setLayer(layer);
    if (release || velocity == 0) {
      return play(Gesture.newBuilder().setPad(pad.setRelease(true)));
    }
    return play(Gesture.newBuilder().setPad(pad).setVelocity(velocity));
  }

  private static OscRequest hit(OscArguments a, Scale scale) throws OscRequestException {
    int instrument =
        a.integer(
            0,
            "percussion key ("
                + GeneralMidi.FIRST_PERCUSSION_KEY
                + ".."
                + GeneralMidi.LAST_PERCUSSION_KEY
                + ")");
    float velocity = a.has(1) ? scale.read(a, 1, "velocity") : DEFAULT_VELOCITY;
    if (velocity == 0) {
      return new ButtonReleased();
    }
    return play(
        Gesture.newBuilder()
            .setHit(Hit.newBuilder().setInstrument(instrument))
            .setVelocity(velocity));
  }

  private static OscRequest control(OscArguments a, Scale scale) throws OscRequestException {
    float value =
        scale.read(
            a,
            0,
            scale == Scale.MIDI
                ? "value (0.." + GestureLimits.MAX_MIDI_VALUE + ")"
                : "value (0..1)");
    return play(Gesture.newBuilder().setControl(Control.newBuilder().setValue(value)));
  }

  private static OscRequest tap(OscArguments a) throws OscRequestException {
    if (a.has(0) && a.number(0, "button value") == 0) {
      return new ButtonReleased();
    }
    return play(Gesture.newBuilder().setTap(Tap.getDefaultInstance()));
  }

  private static OscRequest play(Gesture.Builder gesture) {
    return new OscRequest.Play(gesture.build());
  }

  // ---------------------------------------------------------------- facilitator

  private static OscRequest command(
      String address, String verb, List<String> path, List<Object> sent, String defaultAt)
      throws OscRequestException {
    OscArguments a = args(address, path, sent);
    int count = a.size();
    boolean buttonValue =
        sent.size() == 1
            && a.isTypedNumber(count - 1)
            && (!path.isEmpty()
                || WITHOUT_NUMBERS.contains(verb)
                || (verb.equals("release") && a.number(count - 1, "value") <= 1));
    if (buttonValue) {
      double value = a.number(count - 1, "button value");
      if (value == 0) {
        return new ButtonReleased();
      }
      count--;
    }
    List<String> words = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (verb.equals("key") && i == 0 && a.isTypedNumber(0)) {
        int pitchClass =
            a.integer(0, "tonic (0.." + FormLimits.MAX_PITCH_CLASS + " or a note name)");
        if (!FormLimits.isPitchClass(pitchClass)) {
          throw OscRequestException.badArguments(
              address
                  + ": a tonic given as a number must be 0.."
                  + FormLimits.MAX_PITCH_CLASS
                  + " (0 = C).");
        }
        words.add(Scales.noteName(pitchClass));
      } else {
        words.addAll(Arrays.asList(a.word(i, "argument " + (i + 1)).strip().split("\\s+")));
      }
    }
    words.removeIf(String::isEmpty);
    List<String> line = new ArrayList<>();
    if (!verb.equals("command")) {
      line.add(verb.equals("taptempo") ? "tap" : verb);
    }
    line.addAll(withOptions(verb, words));
    if (!line.contains("--at") && defaultAt != null) {
      line.add("--at");
      line.add(defaultAt);
    }
    try {
      return new OscRequest.Command(FacilitatorCommandParser.parse(line), String.join(" ", line));
    } catch (IllegalArgumentException e) {
      throw OscRequestException.badArguments(address + ": " + e.getMessage());
    }
  }

  /**
   * The console's words for positional OSC arguments: a trailing time becomes {@code --at}, a
   * tempo's or dynamics' second number {@code --ramp}, a meter's numbers {@code N/D} and {@code
   * --phrase}.
   */
  private static List<String> withOptions(String verb, List<String> words) {
    if (words.contains("--at") || verb.equals("command")) {
      return words;
    }
    List<String> out = new ArrayList<>(words);
    List<String> at = List.of();
    if (!out.isEmpty() && isTime(out.get(out.size() - 1))) {
      at = List.of("--at", out.remove(out.size() - 1));
    }
    if ((verb.equals("tempo") || verb.equals("dynamics")) && out.size() == 2) {
      out.add(1, "--ramp");
    } else if (verb.equals("meter")
        && out.size() >= 2
        && isWholeNumber(out.get(0))
        && isWholeNumber(out.get(1))) {
      String meter = out.get(0) + "/" + out.get(1);
      List<String> rest = new ArrayList<>(out.subList(2, out.size()));
      out = new ArrayList<>(List.of(meter));
      if (!rest.isEmpty()) {
        out.add("--phrase");
        out.addAll(rest);
      }
    } else if (verb.equals("meter") && out.size() == 2) {
      out.add(1, "--phrase");
    }
    out.addAll(at);
    return out;
  }

  private static boolean isTime(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return w.startsWith("next-") || w.startsWith("beat:");
  }

  private static boolean isWholeNumber(String word) {
    return word.matches("\\d{1,3}");
  }

  // ---------------------------------------------------------------- mixer

  /**
   * {@code /attune/mixer/CONTROL MEMBER VALUE} for one strip's gain, pan, mute, solo or instrument,
   * {@code /attune/mixer/master DB}. Ranges are the mixer's to check: it refuses what it cannot
   * carry out with the same error code, and its limits then live in one place.
   */
  private static OscRequest mixer(String address, List<String> path, List<Object> sent)
      throws OscRequestException {
    String control = path.isEmpty() ? "" : path.get(0).toLowerCase(Locale.ROOT);
    if (!MIXER_CONTROLS.contains(control)) {
      throw unknown(address);
    }
    OscArguments a = args(address, path.subList(1, path.size()), sent);
    if (control.equals("master")) {
      float db = (float) a.number(0, "master gain in dB");
      return mix(MixerCommand.newBuilder().setMaster(SetMaster.newBuilder().setGainDb(db)));
    }
    if (control.equals("spotlight") || control.equals("remote") || control.equals("turns")) {
      // The console's words: "spotlight m2 -6", "spotlight off", "remote stream", "turns 2 2".
      List<String> words = new ArrayList<>(List.of(control));
      for (int i = 0; i < a.size(); i++) {
        words.add(a.word(i, "argument " + (i + 1)));
      }
      try {
        return new OscRequest.Mix(MixerCommandParser.parse(words));
      } catch (IllegalArgumentException e) {
        throw OscRequestException.badArguments(address + ": " + e.getMessage());
      }
    }
    SetStrip.Builder strip =
        SetStrip.newBuilder().setParticipantId(a.word(0, "member id (from /attune/member)"));
    switch (control) {
      case "gain" -> strip.setGainDb((float) a.number(1, "gain in dB"));
      case "pan" -> strip.setPan((float) a.number(1, PAN));
      case "mute" -> strip.setMute(onOrOff(a, 1, "mute"));
      case "solo" -> strip.setSolo(onOrOff(a, 1, "solo"));
      case "instrument" -> strip.setInstrument(instrument(a));
      default -> throw unknown(address);
    }
    return mix(MixerCommand.newBuilder().setStrip(strip));
  }

  /** No value or 1 switches on (a button's press, a toggle set); 0 switches off. */
  private static boolean onOrOff(OscArguments a, int i, String what) throws OscRequestException {
    if (!a.has(i)) {
      return true;
    }
    double value = a.number(i, what + " value (0 or 1)");
    if (value != 0 && value != 1) {
      throw OscRequestException.badArguments(
          a.address()
              + ": the "
              + what
              + " value must be 0 or 1, not "
              + OscArguments.format(value)
              + ".");
    }
    return value == 1;
  }

  /** A name of one or more words ({@code "electric piano"}) or a program number 1..128. */
  private static String instrument(OscArguments a) throws OscRequestException {
    List<String> words = new ArrayList<>();
    words.add(
        a.word(
            1,
            "instrument (a name such as marimba, or a General MIDI program "
                + MixerLimits.FIRST_PROGRAM
                + ".."
                + MixerLimits.LAST_PROGRAM
                + ")"));
    for (int i = 2; i < a.size(); i++) {
      words.add(a.word(i, "instrument"));
    }
    return String.join(" ", words).strip();
  }

  /**
   * {@code /attune/backing PART...}: exactly these parts play. A lone number is a toggle (1 =
   * {@code on}, 0 = {@code off}); after named parts, a trailing 0 is a button's release.
   */
  private static OscRequest backing(OscArguments a) throws OscRequestException {
    int count = a.size();
    if (count > 0 && a.isTypedNumber(count - 1)) {
      double value = a.number(count - 1, "button value");
      if (value != 0 && value != 1) {
        throw OscRequestException.badArguments(
            a.address()
                + ": parts are named (click, drums, bass, pad, comping, on, off), not "
                + OscArguments.format(value)
                + ".");
      }
      if (count == 1) {
        return backing(value == 1 ? BACKING_ON : List.of());
      }
      if (value == 0) {
        return new ButtonReleased();
      }
      count--;
    }
    EnumSet<BackingPart> parts = EnumSet.noneOf(BackingPart.class);
    for (int i = 0; i < count; i++) {
      for (String word : a.text(i, "backing part").split("[\\s,]+")) {
        switch (word.toLowerCase(Locale.ROOT)) {
          case "", "off", "none" -> {}
          case "on" -> parts.addAll(BACKING_ON);
          case "click" -> parts.add(BackingPart.CLICK);
          case "drums" -> parts.add(BackingPart.DRUMS);
          case "bass" -> parts.add(BackingPart.BASS);
          case "pad" -> parts.add(BackingPart.PAD);
          case "comping" -> parts.add(BackingPart.COMPING);
          default ->
              throw OscRequestException.badArguments(
                  a.address()
                      + ": backing parts are click, drums, bass, pad and comping (on = drums"
                      + " bass pad, off = none), not \""
                      + word
                      + "\".");
        }
      }
    }
    return backing(List.copyOf(parts));
  }

  /**
   * {@code /attune/record}: no argument or 1 or "start" starts, 0 or "stop" stops; after a start, a
   * format ({@code wav}, 24-bit; {@code float}, 32-bit float WAV; {@code opus}, Ogg Opus) and
   * {@code stems}, in either order.
   */
  private static OscRequest record(OscArguments a) throws OscRequestException {
    boolean start;
    if (!a.has(0)) {
      start = true;
    } else if (a.isTypedNumber(0)) {
      double value = a.number(0, "1 (start) or 0 (stop)");
      if (value != 0 && value != 1) {
        throw OscRequestException.badArguments(
            a.address()
                + ": 1 starts a recording and 0 stops"
                + " it, not "
                + OscArguments.format(value)
                + ".");
      }
      start = value == 1;
    } else {
      start =
          switch (a.text(0, "start or stop").toLowerCase(Locale.ROOT)) {
            case "start", "on" -> true;
            case "stop", "off" -> false;
            default ->
                throw OscRequestException.badArguments(
                    a.address()
                        + ": say start or stop (or 1 or 0), not \""
                        + a.text(0, "")
                        + "\".");
          };
    }
    RecordCommand.Builder command = RecordCommand.newBuilder().setStart(start);
    for (int i = 1; a.has(i); i++) {
      String word = a.word(i, "a format or stems");
      if (!start) {
        throw OscRequestException.badArguments(
            a.address() + ": stop takes nothing more, not \"" + word + "\".");
      }
      switch (word.toLowerCase(Locale.ROOT)) {
        case "wav", "wav24" -> command.setFormat(RecordFormat.WAV_PCM24);
        case "float", "wav32" -> command.setFormat(RecordFormat.WAV_FLOAT32);
        case "opus", "ogg" -> command.setFormat(RecordFormat.OGG_OPUS);
        case "stems" -> command.setStems(true);
        default ->
            throw OscRequestException.badArguments(
                a.address()
                    + ": after start, say wav, float or opus, and stems, not \""
                    + word
                    + "\".");
      }
    }
    return new OscRequest.Record(command.build());
  }

  private static OscRequest backing(List<BackingPart> parts) {
    return mix(MixerCommand.newBuilder().setBacking(SetBacking.newBuilder().addAllParts(parts)));
  }

  private static OscRequest mix(MixerCommand.Builder command) {
    return new OscRequest.Mix(command.build());
  }

  // ---------------------------------------------------------------- helpers

  /** The address segments after the verb, then the message's own arguments. */
  private static OscArguments args(String address, List<String> path, List<Object> sent) {
    List<Object> all = new ArrayList<>(path);
    all.addAll(sent);
    return new OscArguments(address, all);
  }

  private static OscRequestException unknown(String address) {
    return new OscRequestException(
        OscRequestException.Reason.UNKNOWN_ADDRESS,
        "Attune does not know the address " + address + "; see the OSC table in README.md.");
  }
}
