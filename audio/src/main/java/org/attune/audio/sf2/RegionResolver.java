package org.attune.audio.sf2;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolves presets into flat {@link Region}s by SoundFont 2.04, section 9.4: for each pair of a
 * preset zone and a zone of its instrument whose key and velocity ranges overlap, the instrument's
 * global zone gives defaults, its local zone overrides them, and the preset's global and local
 * zones (the local one overriding the global) add to the result; then each value is clamped to its
 * range and converted to the units the player uses.
 *
 * <p>Modulators follow section 9.5 for the one the player implements, velocity to attenuation: an
 * instrument zone's modulator replaces the default's 960 cB, a preset zone's adds to it.
 *
 * <p>Thread-safe: no (one per parse).
 */
final class RegionResolver {

  /**
   * Guards against a small file whose zones multiply into more regions than memory holds: the
   * largest General MIDI fonts resolve into tens of thousands.
   */
  static final int MAX_REGIONS = 1 << 20;

  private static final int DEFAULT_VELOCITY_ATTENUATION_CB = 960;
  private static final int COARSE_FRAMES = 32768;
  private static final int MAX_SAMPLE_RATE = 1_000_000;
  private static final float FILTER_OFF_HZ = 20_000f;
  private static final int FILTER_OFF_CENTS = 13500;

  private final RiffReader r;
  private final PresetData data;
  private final int pcmFrames;

  RegionResolver(RiffReader r, PresetData data, int pcmFrames) {
    this.r = r;
    this.data = data;
    this.pcmFrames = pcmFrames;
  }

  List<Preset> presets() throws SoundFontException {
    long pairs = 0;
    for (PresetHeader h : data.presets) {
      for (Zone pz : h.zones().zones()) {
        pairs += data.instruments.get(pz.link()).zones().size();
      }
    }
    if (pairs > MAX_REGIONS) {
      throw r.fail(
          "pdta",
          "the presets' zones pair with "
              + pairs
              + " instrument zones, more than"
              + " the "
              + MAX_REGIONS
              + " regions this reader takes");
    }
    List<Preset> out = new ArrayList<>(data.presets.size());
    for (PresetHeader h : data.presets) {
      out.add(preset(h));
    }
    return out;
  }

  private Preset preset(PresetHeader h) throws SoundFontException {
    List<Region> regions = new ArrayList<>();
    int romZones = 0;
    ZoneSet p = h.zones();
    for (Zone pz : p.zones()) {
      ZoneSet inst = data.instruments.get(pz.link());
      for (Zone iz : inst.zones()) {
        SampleHeader s = data.samples.get(iz.link());
        if (s.isRom()) {
          romZones++;
          continue;
        }
        Region region = region(p.global(), pz, inst.global(), iz, s, inst.name());
        if (region != null) {
          regions.add(region);
        }
      }
    }
    if (regions.isEmpty()) {
      String why =
          p.zones().isEmpty()
              ? "it has no zone with an instrument"
              : romZones > 0
                  ? romZones + " of its zones play ROM samples, the others none"
                  : "no instrument zone overlaps its preset zones' key and velocity ranges";
      throw r.fail(
          "pdta/phdr",
          "preset "
              + h.bank()
              + ":"
              + h.program()
              + " \""
              + h.name()
              + "\" has no playable region: "
              + why);
    }
    return new Preset(h.name(), h.bank(), h.program(), regions);
  }

  /** The region of one preset zone over one instrument zone, or null if their ranges are apart. */
  private Region region(Zone pg, Zone pz, Zone ig, Zone iz, SampleHeader s, String instName)
      throws SoundFontException {
    Resolved g = new Resolved(pg, pz, ig, iz);
    int keys = intersect(g.instrument(Generator.KEY_RANGE), g.presetRange(Generator.KEY_RANGE));
    int vels = intersect(g.instrument(Generator.VEL_RANGE), g.presetRange(Generator.VEL_RANGE));
    if (keys < 0 || vels < 0) {
      return null;
    }
    checkSample(s, instName);
    int sampleStart = (int) s.start();
    int sampleEnd = (int) s.end();

    long start =
        s.start()
            + g.instrument(Generator.START_ADDRS_OFFSET)
            + (long) COARSE_FRAMES * g.instrument(Generator.START_ADDRS_COARSE_OFFSET);
    long end =
        s.end()
            + g.instrument(Generator.END_ADDRS_OFFSET)
            + (long) COARSE_FRAMES * g.instrument(Generator.END_ADDRS_COARSE_OFFSET);
    long loopStart =
        s.loopStart()
            + g.instrument(Generator.STARTLOOP_ADDRS_OFFSET)
            + (long) COARSE_FRAMES * g.instrument(Generator.STARTLOOP_ADDRS_COARSE_OFFSET);
    long loopEnd =
        s.loopEnd()
            + g.instrument(Generator.ENDLOOP_ADDRS_OFFSET)
            + (long) COARSE_FRAMES * g.instrument(Generator.ENDLOOP_ADDRS_COARSE_OFFSET);
    int first = (int) clamp(start, sampleStart, sampleEnd - 1);
    int last = (int) clamp(end, first + 1, sampleEnd);

    LoopMode mode = loopMode(g.instrument(Generator.SAMPLE_MODES));
    boolean loopInSample = loopStart >= sampleStart && loopEnd <= sampleEnd && loopStart < loopEnd;
    int ls = (int) clamp(loopStart, first, last);
    int le = (int) clamp(loopEnd, first, last);
    if (!loopInSample || le <= ls) {
      mode = LoopMode.NONE;
      ls = first;
      le = last;
    }

    int override = g.instrument(Generator.OVERRIDING_ROOT_KEY);
    int rootKey =
        override >= 0 && override <= 127
            ? override
            : s.originalPitch() <= 127 ? s.originalPitch() : 60;
    int tune =
        clamp(g.value(Generator.COARSE_TUNE), -120, 120) * 100
            + clamp(g.value(Generator.FINE_TUNE), -99, 99)
            + s.pitchCorrection();

    int fc = clamp(g.value(Generator.INITIAL_FILTER_FC), 1500, FILTER_OFF_CENTS);
    float cutoff =
        fc >= FILTER_OFF_CENTS ? FILTER_OFF_HZ : (float) (8.176 * Math.pow(2, fc / 1200.0));

    Envelope volume =
        new Envelope(
            seconds(g.value(Generator.DELAY_VOL_ENV), 5000),
            seconds(g.value(Generator.ATTACK_VOL_ENV), 8000),
            seconds(g.value(Generator.HOLD_VOL_ENV), 5000),
            seconds(g.value(Generator.DECAY_VOL_ENV), 8000),
            Math.pow(10, -clamp(g.value(Generator.SUSTAIN_VOL_ENV), 0, 1440) / 200.0),
            seconds(g.value(Generator.RELEASE_VOL_ENV), 8000),
            clamp(g.value(Generator.KEYNUM_TO_VOL_ENV_HOLD), -1200, 1200),
            clamp(g.value(Generator.KEYNUM_TO_VOL_ENV_DECAY), -1200, 1200));

    int instVelocityCb =
        iz.hasVelocityModulator()
            ? iz.velocityModulatorCb()
            : ig.hasVelocityModulator()
                ? ig.velocityModulatorCb()
                : DEFAULT_VELOCITY_ATTENUATION_CB;
    int presetVelocityCb =
        pz.hasVelocityModulator()
            ? pz.velocityModulatorCb()
            : pg.hasVelocityModulator() ? pg.velocityModulatorCb() : 0;

    return new Region(
        keys & 0xFF,
        keys >> 8,
        vels & 0xFF,
        vels >> 8,
        first,
        last,
        ls,
        le,
        mode,
        rootKey,
        tune,
        clamp(g.value(Generator.SCALE_TUNING), 0, 1200),
        (int) s.sampleRate(),
        clamp(g.value(Generator.INITIAL_ATTENUATION), 0, 1440) / 10f,
        clamp(g.value(Generator.PAN), -500, 500) / 500f,
        volume,
        cutoff,
        clamp(g.value(Generator.INITIAL_FILTER_Q), 0, 960) / 10f,
        g.instrument(Generator.EXCLUSIVE_CLASS) & 0xFFFF,
        instVelocityCb + presetVelocityCb);
  }

  private void checkSample(SampleHeader s, String instName) throws SoundFontException {
    String who =
        "sample " + s.index() + " \"" + s.name() + "\" (of instrument \"" + instName + "\")";
    if (s.end() <= s.start()) {
      throw r.fail("pdta/shdr", who + " is empty: start " + s.start() + ", end " + s.end());
    }
    if (s.end() > pcmFrames) {
      throw r.fail(
          "pdta/shdr",
          who + " ends at frame " + s.end() + ", past the " + pcmFrames + " frames of sdta/smpl");
    }
    if (s.sampleRate() < 1 || s.sampleRate() > MAX_SAMPLE_RATE) {
      throw r.fail("pdta/shdr", who + " has a sample rate of " + s.sampleRate() + " Hz");
    }
  }

  private static LoopMode loopMode(int sampleModes) {
    switch (sampleModes & 3) {
      case 1:
        return LoopMode.CONTINUOUS;
      case 3:
        return LoopMode.UNTIL_RELEASE;
      default:
        return LoopMode.NONE;
    }
  }

  /** Intersects two ranges (lo | hi << 8); -1 if they do not overlap. */
  private static int intersect(int a, int b) {
    int lo = Math.max(a & 0xFF, b & 0xFF);
    int hi = Math.min(Math.min(a >> 8 & 0xFF, b >> 8 & 0xFF), 127);
    return lo <= hi ? lo | hi << 8 : -1;
  }

  /** Timecents to seconds, from about 1 ms up to the generator's maximum. */
  private static double seconds(int timecents, int max) {
    return Math.pow(2, clamp(timecents, Generator.MIN_TIMECENTS, max) / 1200.0);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** The generator values of one preset zone over one instrument zone. */
  private static final class Resolved {
    private final Zone pg;
    private final Zone pz;
    private final Zone ig;
    private final Zone iz;

    Resolved(Zone pg, Zone pz, Zone ig, Zone iz) {
      this.pg = pg;
      this.pz = pz;
      this.ig = ig;
      this.iz = iz;
    }

    /** The instrument level's value: local zone, else global zone, else the default. */
    int instrument(int op) {
      return iz.get(op, ig.get(op, Generator.defaultValue(op)));
    }

    /** The preset's key or velocity range: local zone, else global zone, else all. */
    int presetRange(int op) {
      return pz.get(op, pg.get(op, Generator.FULL_RANGE));
    }

    /** The value sounded: the instrument's, plus the preset's where a preset may add. */
    int value(int op) {
      int v = instrument(op);
      return Generator.isAdditiveAtPresetLevel(op) ? v + pz.get(op, pg.get(op, 0)) : v;
    }
  }
}
