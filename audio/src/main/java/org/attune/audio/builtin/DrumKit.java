package org.attune.audio.builtin;

import java.util.Random;

/**
 * The sounds of the General MIDI percussion keys 35..81, synthesized the way analog drum machines
 * make them: sines swept down in pitch for drums, filtered noise for snares and shakers, detuned
 * square waves through a high-pass for metal (after the Roland TR-808's hi-hat and cymbal circuit),
 * short resonant tones for wood and bells.
 *
 * <p>Each key has its own generator seeded by the key, so a sound does not depend on which others
 * were made before it.
 *
 * <p>Thread-safe: yes (pure functions).
 */
final class DrumKit {

  /** Hi-hats closed, pedal and open: one choke group, as on a real stand. */
  static final int HI_HAT_CLASS = 1;

  /** The longest a drum sample rings, so that cymbals stay a few hundred kilobytes. */
  private static final double LONGEST_SECONDS = 2.0;

  /** The six square waves of the TR-808 metal section, Hz. */
  private static final double[] METAL = {205.3, 304.4, 369.6, 522.7, 540.0, 800.0};

  private static final long SEED = 0x417475_6e65L;

  private DrumKit() {}

  /** The exclusive class of {@code key}: a new note of a class ends the sounding ones. */
  static int exclusiveClass(int key) {
    return switch (key) {
      case 42, 44, 46 -> HI_HAT_CLASS;
      case 71, 72 -> 2;
      case 73, 74 -> 3;
      case 78, 79 -> 4;
      case 80, 81 -> 5;
      default -> 0;
    };
  }

  /** The sound of percussion {@code key} 35..81. */
  static float[] sound(int key) {
    Random noise = new Random(SEED + key);
    return switch (key) {
      case 35 -> kick(110, 45, 0.045, 0.20, 0.6, noise);
      case 36 -> kick(150, 52, 0.030, 0.16, 1.0, noise);
      case 37 -> mix(tone(1650, 1500, 0.01, 0.012), 0.6, band(noise, 2200, 2.5, 0.015), 1);
      case 38 -> snare(185, 0.12, 4000, noise);
      case 39 -> clap(noise);
      case 40 -> snare(230, 0.09, 6000, noise);
      case 41 -> tom(82, noise);
      case 42 -> hat(0.025, 0.001, noise);
      case 43 -> tom(98, noise);
      case 44 -> hat(0.04, 0.004, noise);
      case 45 -> tom(110, noise);
      case 46 -> hat(0.35, 0.001, noise);
      case 47 -> tom(131, noise);
      case 48 -> tom(147, noise);
      case 49 -> cymbal(4000, 0.6, 1.0, noise);
      case 50 -> tom(175, noise);
      case 51 ->
          mix(cymbal(5500, 0.8, 0.35, noise), 1, bell(new double[] {780, 1180, 2210}, 0.5), 0.25);
      case 52 -> china(noise);
      case 53 ->
          mix(
              bell(new double[] {760, 1150, 2150, 3240}, 0.6),
              1,
              cymbal(6000, 0.3, 0.3, noise),
              0.5);
      case 54 -> tambourine(noise);
      case 55 -> cymbal(5000, 0.25, 1.0, noise);
      case 56 -> cowbell();
      case 57 -> cymbal(3500, 0.55, 1.2, noise);
      case 58 -> vibraslap(noise);
      case 59 ->
          mix(cymbal(6500, 0.7, 0.3, noise), 1, bell(new double[] {820, 1240, 2330}, 0.45), 0.25);
      case 60 -> tone(410, 385, 0.02, 0.06);
      case 61 -> tone(300, 280, 0.02, 0.08);
      case 62 -> mix(tone(340, 330, 0.01, 0.035), 1, band(noise, 1500, 1.5, 0.01), 0.4);
      case 63 -> tone(340, 315, 0.03, 0.15);
      case 64 -> tone(225, 205, 0.03, 0.18);
      case 65 -> mix(tone(520, 500, 0.01, 0.12), 1, band(noise, 3000, 4, 0.15), 0.5);
      case 66 -> mix(tone(390, 375, 0.01, 0.14), 1, band(noise, 2500, 4, 0.17), 0.5);
      case 67 -> bell(new double[] {910, 2550}, 0.15);
      case 68 -> bell(new double[] {650, 1820}, 0.17);
      case 69 -> shaker(7000, 0.004, 0.05, noise);
      case 70 -> shaker(5000, 0.006, 0.03, noise);
      case 71 -> whistle(2450, 0.15);
      case 72 -> whistle(2250, 0.5);
      case 73 -> guiro(8, noise);
      case 74 -> guiro(20, noise);
      case 75 -> mix(tone(2500, 2500, 1, 0.02), 1, tone(6800, 6800, 1, 0.008), 0.2);
      case 76 -> mix(tone(1800, 1750, 0.004, 0.025), 1, tone(4600, 4600, 1, 0.008), 0.3);
      case 77 -> mix(tone(1200, 1170, 0.004, 0.03), 1, tone(3100, 3100, 1, 0.009), 0.3);
      case 78 -> cuica(700, 520, 0.12);
      case 79 -> cuica(460, 680, 0.35);
      case 80 -> bell(new double[] {4200, 5650, 8010}, 0.06);
      case 81 -> bell(new double[] {4200, 5650, 8010}, 1.0);
      default -> throw new IllegalArgumentException("key " + key + " is outside 35..81");
    };
  }

  /**
   * Frames for an exponential decay with time constant {@code tau} to reach -43 dB (five time
   * constants), capped; the caller's fade-out takes it the rest of the way.
   */
  private static float[] decaying(double tau) {
    return new float[Synthesis.frames(Math.min(LONGEST_SECONDS, 5 * tau))];
  }

  /** The last quarter of {@code signal} faded out, at most 300 ms. */
  private static float[] tail(float[] signal) {
    return Synthesis.fadeOut(signal, Math.min(0.3, signal.length / 4.0 / Synthesis.RATE));
  }

  /**
   * A sine swept from {@code from} to {@code to} Hz with time constant {@code sweep}, decaying with
   * time constant {@code tau}.
   */
  private static float[] tone(double from, double to, double sweep, double tau) {
    float[] out = decaying(tau);
    double sweepPerFrame = Synthesis.decayPerFrame(sweep);
    double levelPerFrame = Synthesis.decayPerFrame(tau);
    double glide = from - to;
    double level = 1;
    double phase = 0;
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (Synthesis.sine(phase) * level);
      phase += (to + glide) / Synthesis.RATE;
      glide *= sweepPerFrame;
      level *= levelPerFrame;
    }
    return tail(out);
  }

  /** Noise band-passed around {@code hz}, decaying with time constant {@code tau}. */
  private static float[] band(Random noise, double hz, double q, double tau) {
    float[] out = decayingNoise(noise, tau);
    return Biquad.bandPass(hz, q).apply(out);
  }

  private static float[] decayingNoise(Random noise, double tau) {
    float[] out = decaying(tau);
    double levelPerFrame = Synthesis.decayPerFrame(tau);
    double level = 1;
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((noise.nextDouble() * 2 - 1) * level);
      level *= levelPerFrame;
    }
    return tail(out);
  }

  /** {@code a} times {@code ga} plus {@code b} times {@code gb}, as long as the longer. */
  private static float[] mix(float[] a, double ga, float[] b, double gb) {
    float[] out = new float[Math.max(a.length, b.length)];
    for (int i = 0; i < a.length; i++) {
      out[i] += (float) (ga * a[i]);
    }
    for (int i = 0; i < b.length; i++) {
      out[i] += (float) (gb * b[i]);
    }
    return out;
  }

  private static float[] kick(
      double from, double to, double sweep, double tau, double click, Random noise) {
    return mix(tone(from, to, sweep, tau), 1, band(noise, 3000, 0.8, 0.003), click * 0.5);
  }

  private static float[] snare(double hz, double tau, double noiseHz, Random noise) {
    float[] body = mix(tone(hz * 1.1, hz, 0.01, 0.05), 1, tone(hz * 1.8, hz * 1.8, 1, 0.03), 0.5);
    float[] wires = Biquad.highPass(noiseHz * 0.4, 0.7).apply(decayingNoise(noise, tau));
    return mix(body, 0.8, Biquad.lowPass(noiseHz * 2, 0.7).apply(wires), 1);
  }

  private static float[] tom(double hz, Random noise) {
    double tau = 0.22 * 110 / hz;
    return mix(tone(hz * 1.5, hz, 0.05, tau), 1, band(noise, hz * 6, 1.5, 0.015), 0.3);
  }

  /** Hands clapping: three quick bursts of band-passed noise, then the room's tail. */
  private static float[] clap(Random noise) {
    float[] out = new float[Synthesis.frames(0.35)];
    Biquad filter = Biquad.bandPass(1100, 1.5);
    for (int i = 0; i < out.length; i++) {
      double t = (double) i / Synthesis.RATE;
      double burst = t < 0.03 ? StrictMath.exp(-(t % 0.01) / 0.003) : 0;
      double tail = t >= 0.03 ? StrictMath.exp(-(t - 0.03) / 0.06) : 0;
      out[i] = (float) filter.next((noise.nextDouble() * 2 - 1) * Math.max(burst, tail));
    }
    return Synthesis.fadeOut(out, 0.01);
  }

  /** The TR-808 metal: six detuned square waves and some noise, high-passed. */
  private static float[] metal(
      double highPassHz, double tau, double noiseLevel, double detune, Random noise) {
    float[] out = decaying(tau);
    double[] phases = new double[METAL.length];
    double levelPerFrame = Synthesis.decayPerFrame(tau);
    double level = 1;
    for (int i = 0; i < out.length; i++) {
      double s = 0;
      for (int m = 0; m < METAL.length; m++) {
        phases[m] += METAL[m] * detune / Synthesis.RATE;
        if (phases[m] >= 1) {
          phases[m] -= 1;
        }
        s += phases[m] < 0.5 ? 1 : -1;
      }
      s = s / METAL.length + noiseLevel * (noise.nextDouble() * 2 - 1);
      out[i] = (float) (s * level);
      level *= levelPerFrame;
    }
    Biquad.highPass(highPassHz, 0.7).apply(out);
    Biquad.highPass(highPassHz, 0.7).apply(out);
    return tail(out);
  }

  private static float[] hat(double tau, double attack, Random noise) {
    return Synthesis.fadeIn(metal(7000, tau, 0.6, 1.0, noise), attack);
  }

  private static float[] cymbal(double highPassHz, double tau, double noiseLevel, Random noise) {
    return metal(highPassHz, tau, noiseLevel, 1.37, noise);
  }

  /** A china cymbal: lower, and overdriven for its trash. */
  private static float[] china(Random noise) {
    float[] out = metal(2500, 0.5, 0.8, 1.11, noise);
    double peak = 0;
    for (float v : out) {
      peak = Math.max(peak, Math.abs(v));
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) StrictMath.tanh(3 * out[i] / peak);
    }
    return Synthesis.fadeOut(out, 0.3);
  }

  /** Inharmonic sine partials, each a little shorter than the one below. */
  private static float[] bell(double[] partials, double tau) {
    float[] out = decaying(tau);
    for (int p = 0; p < partials.length; p++) {
      double cyclesPerFrame = partials[p] / Synthesis.RATE;
      double levelPerFrame = Synthesis.decayPerFrame(tau / (1 + 0.5 * p));
      double level = 1.0 / (1 + p);
      for (int i = 0; i < out.length; i++) {
        out[i] += (float) (level * Synthesis.sine(cyclesPerFrame * i));
        level *= levelPerFrame;
      }
    }
    Synthesis.fadeIn(out, 0.0005);
    return tail(out);
  }

  /** The TR-808 cowbell: two square waves a fifth-ish apart, band-passed, quick then ringing. */
  private static float[] cowbell() {
    float[] out = new float[Synthesis.frames(0.4)];
    double a = 0;
    double b = 0;
    for (int i = 0; i < out.length; i++) {
      double t = (double) i / Synthesis.RATE;
      a += 562.0 / Synthesis.RATE;
      b += 845.0 / Synthesis.RATE;
      double s = ((a % 1.0) < 0.5 ? 1 : -1) + ((b % 1.0) < 0.5 ? 1 : -1);
      out[i] = (float) (s * (0.6 * StrictMath.exp(-t / 0.01) + 0.4 * StrictMath.exp(-t / 0.09)));
    }
    Biquad.bandPass(1000, 1.2).apply(out);
    return Synthesis.fadeOut(out, 0.02);
  }

  /** Jingles: bright noise and a few high partials, shaken in quick succession. */
  private static float[] tambourine(Random noise) {
    float[] out = new float[Synthesis.frames(0.45)];
    double[] jingles = {5300, 7200, 8500, 10400};
    for (int i = 0; i < out.length; i++) {
      double t = (double) i / Synthesis.RATE;
      double shake =
          StrictMath.exp(-t / 0.08)
              + 0.4 * StrictMath.exp(-(t % 0.045) / 0.01) * StrictMath.exp(-t / 0.12);
      double s = 0.6 * (noise.nextDouble() * 2 - 1);
      for (double j : jingles) {
        s += 0.25 * Synthesis.sine(j * t);
      }
      out[i] = (float) (s * shake);
    }
    Biquad.highPass(4500, 0.7).apply(out);
    return Synthesis.fadeOut(out, 0.05);
  }

  /** A rattle of clicks slowing and fading, as a vibraslap's loose teeth. */
  private static float[] vibraslap(Random noise) {
    float[] out = new float[Synthesis.frames(1.0)];
    Biquad filter = Biquad.bandPass(3200, 3);
    int clickFrames = Synthesis.frames(0.035);
    double clickPerFrame = Synthesis.decayPerFrame(0.004);
    double fadePerFrame = Synthesis.decayPerFrame(0.25);
    double click = 0;
    double fade = 1;
    for (int i = 0; i < out.length; i++) {
      click = i % clickFrames == 0 ? 1 : click * clickPerFrame;
      out[i] = (float) filter.next((noise.nextDouble() * 2 - 1) * click * fade);
      fade *= fadePerFrame;
    }
    return Synthesis.fadeOut(out, 0.1);
  }

  private static float[] shaker(double highPassHz, double attack, double tau, Random noise) {
    float[] out = Biquad.highPass(highPassHz, 0.7).apply(decayingNoise(noise, tau));
    return Synthesis.fadeIn(out, attack);
  }

  /** A sine trilled by a pea: a fast small vibrato, faded in and out. */
  private static float[] whistle(double hz, double seconds) {
    float[] out = new float[Synthesis.frames(seconds)];
    double phase = 0;
    for (int i = 0; i < out.length; i++) {
      double t = (double) i / Synthesis.RATE;
      double f = hz * (1 + 0.03 * Synthesis.sine(28 * t));
      phase += f / Synthesis.RATE;
      out[i] = (float) Synthesis.sine(phase);
    }
    Synthesis.fadeIn(out, 0.01);
    return Synthesis.fadeOut(out, 0.03);
  }

  /** A stick drawn over ridges: {@code ridges} clicks of band-passed noise 18 ms apart. */
  private static float[] guiro(int ridges, Random noise) {
    float[] out = new float[Synthesis.frames(ridges * 0.018 + 0.05)];
    Biquad filter = Biquad.bandPass(3500, 2);
    for (int i = 0; i < out.length; i++) {
      double t = (double) i / Synthesis.RATE;
      double scrape = t < ridges * 0.018 ? StrictMath.exp(-(t % 0.018) / 0.004) : 0;
      out[i] = (float) filter.next((noise.nextDouble() * 2 - 1) * scrape);
    }
    return Synthesis.fadeOut(out, 0.02);
  }

  /** The cuica's rubbed stick: a pitched glide from {@code from} to {@code to} Hz. */
  private static float[] cuica(double from, double to, double seconds) {
    float[] out = new float[Synthesis.frames(seconds)];
    double phase = 0;
    for (int i = 0; i < out.length; i++) {
      double x = (double) i / out.length;
      double f = from + (to - from) * x;
      phase += f / Synthesis.RATE;
      out[i] = (float) (Synthesis.sine(phase) + 0.3 * Synthesis.sine(2 * phase));
    }
    Synthesis.fadeIn(out, 0.01);
    return Synthesis.fadeOut(out, seconds / 3);
  }
}
