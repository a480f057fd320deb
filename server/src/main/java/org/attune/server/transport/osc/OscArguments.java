package org.attune.server.transport.osc;

import com.illposed.osc.argument.OSCSymbol;
import java.util.List;
import java.util.Locale;
import org.attune.gesture.GestureLimits;

/**
 * The arguments of one OSC message (after any taken from its address), read forgivingly: musicians'
 * tools differ in what they send for the same thing, so an int, a float or a numeric string all
 * count as a number, and a velocity or control value may be 0..1 or MIDI's 0..127.
 *
 * <p>Immutable; thread-safe.
 */
final class OscArguments {

  private static final double MIDI_MAX = GestureLimits.MAX_MIDI_VALUE;

  private final String address;
  private final List<Object> values;

  OscArguments(String address, List<Object> values) {
    this.address = address;
    this.values = List.copyOf(values);
  }

  /** The message's address, for error sentences. */
  String address() {
    return address;
  }

  int size() {
    return values.size();
  }

  boolean has(int i) {
    return i < values.size();
  }

  /** True if argument {@code i} is a number, or a string that reads as one. */
  boolean isNumber(int i) {
    if (!has(i)) {
      return false;
    }
    Object v = values.get(i);
    return v instanceof Number
        || v instanceof Boolean
        || (v instanceof String s && readsAsNumber(s));
  }

  /** True if argument {@code i} was sent as an OSC number (int, float, ...), not as text. */
  boolean isTypedNumber(int i) {
    return has(i) && (values.get(i) instanceof Number || values.get(i) instanceof Boolean);
  }

  boolean isText(int i) {
    return has(i) && !isNumber(i) && text(values.get(i)) != null;
  }

  double number(int i, String what) throws OscRequestException {
    if (!has(i)) {
      throw missing(what);
    }
    Object v = values.get(i);
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isFinite(d)) {
        return d;
      }
    } else if (v instanceof Boolean b) {
      return b ? 1 : 0;
    } else if (v instanceof String s && readsAsNumber(s)) {
      return Double.parseDouble(s.strip());
    }
    throw OscRequestException.badArguments(
        address + ": the " + what + " must be a number, not " + describe(v) + ".");
  }

  /** A whole number; floats such as {@code 3.0} from a fader or button are accepted. */
  int integer(int i, String what) throws OscRequestException {
    double d = number(i, what);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw OscRequestException.badArguments(
          address + ": the " + what + " must be a whole number, not " + format(d) + ".");
    }
    return (int) d;
  }

  String text(int i, String what) throws OscRequestException {
    if (!has(i)) {
      throw missing(what);
    }
    String s = text(values.get(i));
    if (s == null) {
      throw OscRequestException.badArguments(
          address + ": the " + what + " must be text, not " + describe(values.get(i)) + ".");
    }
    return s;
  }

  /** Argument {@code i} as a word, numbers written plainly ({@code 96}, {@code 2.5}). */
  String word(int i, String what) throws OscRequestException {
    if (isTypedNumber(i)) {
      return format(number(i, what));
    }
    return text(i, what);
  }

  /**
   * A loudness or intensity 0..1. Ints are MIDI values 0..127; floats up to 1 are taken as they
   * are, floats above 1 as MIDI values.
   */
  float unitValue(int i, String what) throws OscRequestException {
    if (!has(i)) {
      throw missing(what);
    }
    Object v = values.get(i);
    double d = number(i, what);
    boolean midi = v instanceof Integer || v instanceof Long || d > 1;
    double unit = midi ? d / MIDI_MAX : d;
    if (d < 0 || unit > 1) {
      throw OscRequestException.badArguments(
          address
              + ": the "
              + what
              + " must be 0..1 or 0.."
              + GestureLimits.MAX_MIDI_VALUE
              + ", not "
              + format(d)
              + ".");
    }
    return (float) unit;
  }

  /**
   * A MIDI value 0..127 as 0..1, whatever its type: for tools that send every number as a float
   * (Pure Data), where a float velocity of 1 means MIDI's 1, not full volume.
   */
  float midiValue(int i, String what) throws OscRequestException {
    double d = number(i, what);
    if (d < 0 || d > MIDI_MAX) {
      throw OscRequestException.badArguments(
          address
              + ": the "
              + what
              + " must be a MIDI value 0.."
              + GestureLimits.MAX_MIDI_VALUE
              + ", not "
              + format(d)
              + ".");
    }
    return (float) (d / MIDI_MAX);
  }

  /** Argument {@code i} as text, or null if it is none (or missing). */
  String textOrNull(int i) {
    return has(i) ? text(values.get(i)) : null;
  }

  private OscRequestException missing(String what) {
    return OscRequestException.badArguments(address + " needs the " + what + ".");
  }

  private static String text(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof OSCSymbol symbol) {
      return symbol.toString();
    }
    if (v instanceof Character c) {
      return c.toString();
    }
    return null;
  }

  private static boolean readsAsNumber(String s) {
    return s.strip().matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  }

  static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15
        ? Long.toString((long) d)
        : String.format(Locale.ROOT, "%s", d);
  }

  private static String describe(Object v) {
    if (v == null) {
      return "nil";
    }
    String t = text(v);
    if (t != null) {
      return "\"" + t + "\"";
    }
    return v.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }
}
