package org.attune.audio.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.attune.audio.sf2.SoundFont;
import org.attune.mixer.MixerLimits;

/**
 * The General MIDI Level 1 sound set: the 128 program names, the percussion key map (keys 35..81 of
 * the kit on channel 10) and the choice of a program for what a member calls its instrument.
 *
 * <p>Members type their instrument as free text ("Djembe (hand drum)", "tablet pads", "cello"), so
 * the choice looks for known words anywhere in it; a text naming nothing known gets a piano, which
 * every part of a session can use.
 *
 * <p>Thread-safe: yes (constants and pure functions).
 */
public final class GeneralMidi {

  /** The lowest key of the General MIDI percussion map. */
  public static final int FIRST_PERCUSSION_KEY = 35;

  /** The highest key of the General MIDI percussion map. */
  public static final int LAST_PERCUSSION_KEY = 81;

  /** The name of kit 0 of bank 128. */
  public static final String STANDARD_KIT = "Standard Kit";

  private static final List<String> PROGRAMS =
      List.of(
          "Acoustic Grand Piano",
          "Bright Acoustic Piano",
          "Electric Grand Piano",
          "Honky-tonk Piano",
          "Electric Piano 1",
          "Electric Piano 2",
          "Harpsichord",
          "Clavinet",
          "Celesta",
          "Glockenspiel",
          "Music Box",
          "Vibraphone",
          "Marimba",
          "Xylophone",
          "Tubular Bells",
          "Dulcimer",
          "Drawbar Organ",
          "Percussive Organ",
          "Rock Organ",
          "Church Organ",
          "Reed Organ",
          "Accordion",
          "Harmonica",
          "Tango Accordion",
          "Acoustic Guitar (nylon)",
          "Acoustic Guitar (steel)",
          "Electric Guitar (jazz)",
          "Electric Guitar (clean)",
          "Electric Guitar (muted)",
          "Overdriven Guitar",
          "Distortion Guitar",
          "Guitar Harmonics",
          "Acoustic Bass",
          "Electric Bass (finger)",
          "Electric Bass (pick)",
          "Fretless Bass",
          "Slap Bass 1",
          "Slap Bass 2",
          "Synth Bass 1",
          "Synth Bass 2",
          "Violin",
          "Viola",
          "Cello",
          "Contrabass",
          "Tremolo Strings",
          "Pizzicato Strings",
          "Orchestral Harp",
          "Timpani",
          "String Ensemble 1",
          "String Ensemble 2",
          "Synth Strings 1",
          "Synth Strings 2",
          "Choir Aahs",
          "Voice Oohs",
          "Synth Voice",
          "Orchestra Hit",
          "Trumpet",
          "Trombone",
          "Tuba",
          "Muted Trumpet",
          "French Horn",
          "Brass Section",
          "Synth Brass 1",
          "Synth Brass 2",
          "Soprano Sax",
          "Alto Sax",
          "Tenor Sax",
          "Baritone Sax",
          "Oboe",
          "English Horn",
          "Bassoon",
          "Clarinet",
          "Piccolo",
          "Flute",
          "Recorder",
          "Pan Flute",
          "Blown Bottle",
          "Shakuhachi",
          "Whistle",
          "Ocarina",
          "Lead 1 (square)",
          "Lead 2 (sawtooth)",
          "Lead 3 (calliope)",
          "Lead 4 (chiff)",
          "Lead 5 (charang)",
          "Lead 6 (voice)",
          "Lead 7 (fifths)",
          "Lead 8 (bass + lead)",
          "Pad 1 (new age)",
          "Pad 2 (warm)",
          "Pad 3 (polysynth)",
          "Pad 4 (choir)",
          "Pad 5 (bowed)",
          "Pad 6 (metallic)",
          "Pad 7 (halo)",
          "Pad 8 (sweep)",
          "FX 1 (rain)",
          "FX 2 (soundtrack)",
          "FX 3 (crystal)",
          "FX 4 (atmosphere)",
          "FX 5 (brightness)",
          "FX 6 (goblins)",
          "FX 7 (echoes)",
          "FX 8 (sci-fi)",
          "Sitar",
          "Banjo",
          "Shamisen",
          "Koto",
          "Kalimba",
          "Bagpipe",
          "Fiddle",
          "Shanai",
          "Tinkle Bell",
          "Agogo",
          "Steel Drums",
          "Woodblock",
          "Taiko Drum",
          "Melodic Tom",
          "Synth Drum",
          "Reverse Cymbal",
          "Guitar Fret Noise",
          "Breath Noise",
          "Seashore",
          "Bird Tweet",
          "Telephone Ring",
          "Helicopter",
          "Applause",
          "Gunshot");

  private static final List<String> PERCUSSION =
      List.of(
          "Acoustic Bass Drum",
          "Bass Drum 1",
          "Side Stick",
          "Acoustic Snare",
          "Hand Clap",
          "Electric Snare",
          "Low Floor Tom",
          "Closed Hi-Hat",
          "High Floor Tom",
          "Pedal Hi-Hat",
          "Low Tom",
          "Open Hi-Hat",
          "Low-Mid Tom",
          "Hi-Mid Tom",
          "Crash Cymbal 1",
          "High Tom",
          "Ride Cymbal 1",
          "Chinese Cymbal",
          "Ride Bell",
          "Tambourine",
          "Splash Cymbal",
          "Cowbell",
          "Crash Cymbal 2",
          "Vibraslap",
          "Ride Cymbal 2",
          "Hi Bongo",
          "Low Bongo",
          "Mute Hi Conga",
          "Open Hi Conga",
          "Low Conga",
          "High Timbale",
          "Low Timbale",
          "High Agogo",
          "Low Agogo",
          "Cabasa",
          "Maracas",
          "Short Whistle",
          "Long Whistle",
          "Short Guiro",
          "Long Guiro",
          "Claves",
          "Hi Wood Block",
          "Low Wood Block",
          "Mute Cuica",
          "Open Cuica",
          "Mute Triangle",
          "Open Triangle");

  /** Words that name a drum or hand percussion: they all get the drum kit. */
  private static final Set<String> PERCUSSION_WORDS =
      Set.of(
          "drum",
          "drums",
          "drumkit",
          "drumset",
          "kit",
          "percussion",
          "djembe",
          "cajon",
          "conga",
          "congas",
          "bongo",
          "bongos",
          "tambourine",
          "shaker",
          "shakers",
          "maraca",
          "maracas",
          "snare",
          "cymbal",
          "cymbals",
          "hihat",
          "timbale",
          "timbales",
          "tabla",
          "darbuka",
          "doumbek",
          "bodhran",
          "clap",
          "claps",
          "cowbell",
          "claves",
          "woodblock",
          "guiro",
          "triangle",
          "taiko");

  /** Melodic instruments whose names contain a percussion word. */
  private static final List<Entry> DRUM_NAMED_MELODIC =
      List.of(
          entry(114, "steel drum", "steel drums", "steel pan", "steelpan", "handpan", "hang drum"));

  /**
   * Phrases and words with their programs, most specific first: the first entry found in the text
   * wins, so "synth pad" is a pad before "synth" is a lead and "bass guitar" a bass before "guitar"
   * is a guitar.
   */
  private static final List<Entry> MELODIC =
      List.of(
          entry(10, "music box"),
          entry(4, "electric piano", "rhodes", "epiano"),
          entry(27, "electric guitar"),
          entry(38, "synth bass"),
          entry(32, "double bass", "upright bass", "acoustic bass", "contrabass"),
          entry(33, "bass", "basses", "bassist"),
          entry(89, "synth pad", "pad", "ambient", "drone"),
          entry(
              11,
              "tablet",
              "tablets",
              "ipad",
              "phone",
              "pads",
              "touch",
              "vibraphone",
              "vibes",
              "vibraphones"),
          entry(12, "marimba", "marimbas"),
          entry(13, "xylophone", "xylophones"),
          entry(9, "glockenspiel", "glock", "metallophone", "chime", "chimes"),
          entry(14, "bells", "bell", "handbells", "tubular"),
          entry(8, "celesta"),
          entry(108, "kalimba", "mbira", "thumb"),
          entry(24, "ukulele", "uke", "nylon", "classical guitar"),
          entry(25, "guitar", "guitars", "acoustic guitar"),
          entry(46, "harp", "lyre"),
          entry(105, "banjo"),
          entry(104, "sitar"),
          entry(15, "dulcimer", "zither", "autoharp"),
          entry(40, "violin", "violins"),
          entry(41, "viola", "violas"),
          entry(42, "cello", "cellos"),
          entry(110, "fiddle"),
          entry(48, "strings", "string", "orchestra", "ensemble"),
          entry(73, "flute", "flutes"),
          entry(72, "piccolo"),
          entry(74, "recorder", "recorders"),
          entry(75, "panpipes", "pan flute"),
          entry(79, "ocarina"),
          entry(71, "clarinet"),
          entry(68, "oboe"),
          entry(70, "bassoon"),
          entry(65, "sax", "saxophone", "alto"),
          entry(56, "trumpet", "cornet"),
          entry(57, "trombone"),
          entry(58, "tuba"),
          entry(60, "horn", "french horn"),
          entry(61, "brass"),
          entry(22, "harmonica"),
          entry(21, "accordion", "melodica", "concertina"),
          entry(19, "church organ", "pipe organ"),
          entry(16, "organ"),
          entry(52, "voice", "vocals", "vocal", "singing", "sing", "choir", "singer"),
          entry(81, "synth", "synthesizer", "lead"),
          entry(6, "harpsichord"),
          entry(0, "piano", "keys", "keyboard", "grand"));

  private static final InstrumentChoice DEFAULT = melodic(0);

  private GeneralMidi() {}

  /** The General MIDI name of {@code program} 0..127, e.g. 0 is "Acoustic Grand Piano". */
  public static String programName(int program) {
    return PROGRAMS.get(program);
  }

  /**
   * The General MIDI name of percussion {@code key} 35..81 of the kit, e.g. 42 is "Closed Hi-Hat".
   */
  public static String percussionName(int key) {
    if (key < FIRST_PERCUSSION_KEY || key > LAST_PERCUSSION_KEY) {
      throw new IllegalArgumentException("key " + key + " is outside the percussion map 35..81");
    }
    return PERCUSSION.get(key - FIRST_PERCUSSION_KEY);
  }

  /**
   * The sound for what a member typed as its instrument: case-insensitive, known words anywhere in
   * the text; drums and hand percussion get the kit, tablets and pads the vibraphone, anything
   * unknown (or nothing) the piano.
   */
  public static InstrumentChoice forInstrumentName(String instrument) {
    return match(instrument).orElse(DEFAULT);
  }

  /**
   * The sound a facilitator's instrument text selects: a General MIDI program number 1..128 as text
   * ("13"), else a known instrument word ({@link #match}); empty if it names neither.
   */
  public static Optional<InstrumentChoice> parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    if (t.chars().allMatch(Character::isDigit)) {
      int program = t.length() > 3 ? 0 : Integer.parseInt(t);
      return !MixerLimits.isProgram(program)
          ? Optional.empty()
          : Optional.of(new InstrumentChoice(0, program - 1, programName(program - 1)));
    }
    return match(t);
  }

  /**
   * The sound a known instrument word in {@code instrument} names, if any: as {@link
   * #forInstrumentName} but empty where that falls back to the piano, so that a facilitator who
   * names an instrument can be told it is unknown.
   */
  public static Optional<InstrumentChoice> match(String instrument) {
    String text = words(instrument == null ? "" : instrument);
    for (Entry e : DRUM_NAMED_MELODIC) {
      if (e.foundIn(text)) {
        return Optional.of(melodic(e.program));
      }
    }
    for (String word : PERCUSSION_WORDS) {
      if (text.contains(" " + word + " ")) {
        return Optional.of(new InstrumentChoice(SoundFont.PERCUSSION_BANK, 0, STANDARD_KIT));
      }
    }
    for (Entry e : MELODIC) {
      if (e.foundIn(text)) {
        return Optional.of(melodic(e.program));
      }
    }
    return Optional.empty();
  }

  private static InstrumentChoice melodic(int program) {
    return new InstrumentChoice(0, program, programName(program));
  }

  /** Lower case letters only, words separated and surrounded by single spaces. */
  private static String words(String text) {
    StringBuilder out = new StringBuilder(" ");
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
      if (!w.isEmpty()) {
        out.append(w).append(' ');
      }
    }
    return out.toString();
  }

  private static Entry entry(int program, String... phrases) {
    List<String> padded = new ArrayList<>();
    for (String p : phrases) {
      padded.add(" " + p + " ");
    }
    return new Entry(program, List.copyOf(padded));
  }

  private record Entry(int program, List<String> phrases) {
    boolean foundIn(String text) {
      for (String p : phrases) {
        if (text.contains(p)) {
          return true;
        }
      }
      return false;
    }
  }
}
