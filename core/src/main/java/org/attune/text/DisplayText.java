package org.attune.text;

/**
 * The rule for short text shown to people (a section label, a member's name, an instrument word):
 * its length counts characters as people do, code points, so that an emoji or a letter outside the
 * Basic Multilingual Plane is one; and it holds no control characters, which would garble a
 * tablet's screen, a log line or a listing.
 *
 * <p>Pure; thread-safe.
 */
public final class DisplayText {

  private DisplayText() {}

  /** The length of {@code text} in characters (code points). */
  public static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  /** True if {@code text} has no control characters (ISO control: C0, DEL, C1). */
  public static boolean isPrintable(String text) {
    return text.codePoints().noneMatch(Character::isISOControl);
  }

  /**
   * True if {@code text} is printable and at most {@code maxChars} characters long; empty text
   * fits. Callers strip the text first if surrounding blanks do not count.
   */
  public static boolean fits(String text, int maxChars) {
    return length(text) <= maxChars && isPrintable(text);
  }
}
