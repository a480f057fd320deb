package org.attune.loadtest.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a simulated group plays: each member a steady stream of notes of varied length and velocity
 * in C major pentatonic, every fourth member on the drum kit. Seeded, so that every engine and
 * every run gets the same notes.
 *
 * <p>Onsets fall on a per-member grid of {@code 1 / notesPerSecond} with a small seeded jitter, the
 * members phase-shifted against each other so that they do not all strike together. A member never
 * restarts a key it still holds (MIDI could not tell the two notes' offs apart); when all its keys
 * are held, the one that ends soonest is cut short a millisecond before the new note.
 *
 * <p>Thread-safe: yes (immutable).
 */
public final class GroupScore {

  /** Distinct melodic General MIDI programs (counted from 0), in the order members get them. */
  static final int[] MELODIC_PROGRAMS = {0, 4, 11, 13, 24, 33, 40, 48, 56, 65, 73, 80, 19, 52};

  /** Disjoint General MIDI percussion key sets, one per drum member. */
  static final int[][] DRUM_KEYS = {
    {35, 36, 37, 38, 40},
    {42, 44, 46, 49, 51, 57},
    {41, 43, 45, 47, 48, 50},
    {54, 56, 60, 61, 62, 63, 64},
  };

  private static final int[] PENTATONIC = {0, 2, 4, 7, 9};
  private static final long MIN_NOTE_MILLIS = 100;
  private static final long MAX_NOTE_MILLIS = 600;

  private final List<MemberPart> members;
  private final List<ScoreNote> notes;
  private final long lengthMicros;

  private GroupScore(List<MemberPart> members, List<ScoreNote> notes, long lengthMicros) {
    this.members = List.copyOf(members);
    this.notes = List.copyOf(notes);
    this.lengthMicros = lengthMicros;
  }

  /**
   * A score of {@code members} members, each starting {@code notesPerSecond} notes a second for
   * {@code seconds} seconds.
   */
  public static GroupScore generate(int members, double notesPerSecond, int seconds, long seed) {
    int drumMembers = members / 4;
    if (members < 1
        || members - drumMembers > MELODIC_PROGRAMS.length
        || drumMembers > DRUM_KEYS.length) {
      throw new IllegalArgumentException("between 1 and 16 members, not " + members);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<MemberPart> parts = new ArrayList<>();
    int melodic = 0;
    int drums = 0;
    for (int m = 0; m < members; m++) {
      if (m % 4 == 3) {
        List<Integer> keys = new ArrayList<>();
        for (int key : DRUM_KEYS[drums++]) {
          keys.add(key);
        }
        parts.add(new MemberPart(m, MemberPart.DRUM_CHANNEL, 0, true, keys));
      } else {
        int program = MELODIC_PROGRAMS[melodic];
        int channel = melodic < MemberPart.DRUM_CHANNEL ? melodic : melodic + 1;
        melodic++;
        parts.add(new MemberPart(m, channel, program, false, pentatonicKeys(baseKey(program, m))));
      }
    }
    long periodMillis = Math.round(1000 / notesPerSecond);
    long lengthMillis = seconds * 1000L;
    List<ScoreNote> notes = new ArrayList<>();
    for (MemberPart part : parts) {
      notes.addAll(memberNotes(part, periodMillis, lengthMillis, members, random));
    }
    notes.sort(
        Comparator.comparingLong(ScoreNote::startMicros).thenComparingInt(ScoreNote::member));
    long end = notes.stream().mapToLong(ScoreNote::endMicros).max().orElse(0);
    return new GroupScore(parts, notes, Math.max(end, lengthMillis * 1000));
  }

  private static List<ScoreNote> memberNotes(
      MemberPart part, long periodMillis, long lengthMillis, int members, SplittableRandom random) {
    long phase = periodMillis * part.member() / members;
    long jitter = periodMillis / 10;
    List<Integer> keys = part.keys();
    long[] startOfKey = new long[keys.size()];
    long[] endOfKey = new long[keys.size()];
    int[] noteOfKey = new int[keys.size()];
    Arrays.fill(noteOfKey, -1);
    List<long[]> raw = new ArrayList<>();
    for (long slot = 0; ; slot++) {
      long start = slot * periodMillis + phase + random.nextLong(-jitter, jitter + 1);
      if (start >= lengthMillis) {
        break;
      }
      start = Math.max(0, start);
      List<Integer> free = new ArrayList<>();
      for (int k = 0; k < keys.size(); k++) {
        if (noteOfKey[k] < 0 || endOfKey[k] < start) {
          free.add(k);
        }
      }
      int k;
      if (free.isEmpty()) {
        k = 0;
        for (int i = 1; i < keys.size(); i++) {
          if (endOfKey[i] < endOfKey[k]) {
            k = i;
          }
        }
        long[] cut = raw.get(noteOfKey[k]);
        cut[1] = start - 1 - startOfKey[k];
      } else {
        k = free.get(random.nextInt(free.size()));
      }
      long duration = random.nextLong(MIN_NOTE_MILLIS, MAX_NOTE_MILLIS + 1);
      int velocity = random.nextInt(40, 121);
      startOfKey[k] = start;
      endOfKey[k] = start + duration;
      noteOfKey[k] = raw.size();
      raw.add(new long[] {start, duration, keys.get(k), velocity});
    }
    List<ScoreNote> notes = new ArrayList<>();
    for (long[] r : raw) {
      notes.add(
          new ScoreNote(
              part.member(), part.channel(), r[0] * 1000, r[1] * 1000, (int) r[2], (int) r[3]));
    }
    return notes;
  }

  /** A register that suits the instrument: the bass low, the rest around and above middle C. */
  private static int baseKey(int program, int member) {
    if (program >= 32 && program < 40) {
      return 36;
    }
    return 48 + 12 * (member % 3);
  }

  private static List<Integer> pentatonicKeys(int base) {
    List<Integer> keys = new ArrayList<>();
    for (int octave = 0; octave < 2; octave++) {
      for (int step : PENTATONIC) {
        keys.add(base + 12 * octave + step);
      }
    }
    return keys;
  }

  public List<MemberPart> members() {
    return members;
  }

  /** Every note, by start time. */
  public List<ScoreNote> notes() {
    return notes;
  }

  /** From the start to the last note's end, or the nominal length if that is later. */
  public long lengthMicros() {
    return lengthMicros;
  }
}
