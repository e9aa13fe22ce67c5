package org.lantern.core.signal.canon;

import java.net.IDN;
import java.util.Locale;

/**
 * Host normalisation shared by URLs and e-mail domains: DNS names (IDN → punycode), dotted-quad
 * IPv4 and IPv6 literals, each to one canonical text form.
 *
 * <p>Every method either returns the canonical form or throws what the given {@link Refusal}
 * builds; nothing else escapes (in particular not the {@code IllegalArgumentException} of {@link
 * IDN}).
 *
 * <p>Thread-safety: stateless.
 */
final class Hosts {
  /** RFC 1035 limit on a name's text form without the root dot. */
  static final int MAX_DOMAIN_LENGTH = 253;

  /** RFC 1035 limit on one label. */
  static final int MAX_LABEL_LENGTH = 63;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Hosts() {}

  /**
   * Normalises a DNS name or a dotted-quad IPv4 address (no brackets, already percent-decoded):
   * lower case, trailing dots removed, IDN labels to punycode, LDH labels checked.
   *
   * @param allowLocalhost whether the one single-label name {@code localhost} is acceptable; any
   *     other name without a dot is refused, since a signal needs a registrable domain
   */
  static String domainOrIpv4(String host, boolean allowLocalhost, Refusal refusal) {
    String lower = stripTrailingDots(host.toLowerCase(Locale.ROOT));
    if (lower.isEmpty()) {
      throw refusal.refuse("empty host", "a domain name such as example.com or an IP address");
    }
    // ASCII characters are checked here, before IDN, so that the message names the character;
    // non-ASCII ones are IDN's business.
    checkAsciiCharacters(lower, host, refusal);
    checkLabelsNotEmpty(lower, host, refusal);
    String ascii = lower;
    if (!isAscii(lower)) {
      try {
        // IDNA2003 (java.net.IDN): nameprep maps case and compatibility forms, so "BÜCHER" and
        // "bücher" agree. It differs from browsers' UTS #46 for a few characters (IDNA2003 maps
        // "ß" to "ss"; browsers keep it as xn--zca); the exchange only needs one stable form.
        ascii = IDN.toASCII(lower, IDN.USE_STD3_ASCII_RULES);
      } catch (IllegalArgumentException e) {
        throw refusal.refuse(
            "host '"
                + Text.quote(host)
                + "' is not a valid internationalised domain name ("
                + e.getMessage()
                + ")",
            "labels of letters, digits and '-'");
      }
      // Nameprep may map ideographic full stops to '.' or delete invisible characters, which can
      // leave new trailing dots or empty labels behind: check the result again.
      ascii = stripTrailingDots(ascii.toLowerCase(Locale.ROOT));
      if (ascii.isEmpty()) {
        throw refusal.refuse("host '" + Text.quote(host) + "' is empty after IDN mapping");
      }
      checkAsciiCharacters(ascii, host, refusal);
      checkLabelsNotEmpty(ascii, host, refusal);
    }
    String[] labels = ascii.split("\\.", -1);
    if (allDigits(labels[labels.length - 1])) {
      // No top-level domain is numeric, so a numeric last label means an IP address. Only the
      // dotted-quad form is taken: the inet_aton shorthands ("127.1", "0x7f.0.0.1", a single
      // 32-bit number) are refused rather than guessed at.
      return ipv4(ascii, refusal);
    }
    for (String label : labels) {
      if (label.length() > MAX_LABEL_LENGTH) {
        throw refusal.refuse(
            "label '"
                + Text.quote(label)
                + "' of host '"
                + Text.quote(host)
                + "' is "
                + label.length()
                + " characters long; at most "
                + MAX_LABEL_LENGTH
                + " are allowed");
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        throw refusal.refuse(
            "label '"
                + Text.quote(label)
                + "' of host '"
                + Text.quote(host)
                + "' starts or ends with '-'",
            "a letter or digit there");
      }
    }
    if (ascii.length() > MAX_DOMAIN_LENGTH) {
      throw refusal.refuse(
          "host is "
              + ascii.length()
              + " characters long; at most "
              + MAX_DOMAIN_LENGTH
              + " are allowed");
    }
    if (labels.length == 1 && !(allowLocalhost && ascii.equals("localhost"))) {
      throw refusal.refuse(
          "host '" + Text.quote(host) + "' has no dot",
          "a registrable domain such as example.com"
              + (allowLocalhost ? ", localhost" : "")
              + " or an IP address");
    }
    return ascii;
  }

  /** Whether a canonical host from {@link #domainOrIpv4} is an IPv4 address. */
  static boolean isIpv4(String canonicalHost) {
    return !canonicalHost.isEmpty() && isDigit(canonicalHost.charAt(canonicalHost.length() - 1));
  }

  /**
   * Normalises a dotted-quad IPv4 address: four decimal numbers 0-255, leading zeros dropped.
   *
   * <p>A leading zero does <b>not</b> make a number octal, although inet_aton and the WHATWG URL
   * parser read {@code 010} as 8. Addresses reach the exchange from reports, logs and spreadsheets,
   * where zero padding ("010.001.001.002") is far more common than deliberate octal, and a
   * contributor writing 010 means ten. The cost is that a URL crafted for a browser with octal
   * octets is stored under a different address than the browser would visit; the padding case is
   * the one that must match reliably.
   */
  static String ipv4(String text, Refusal refusal) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw refusal.refuse(
          "numeric host '" + Text.quote(text) + "' is not a dotted-quad IPv4 address",
          "four numbers 0-255 such as 192.0.2.1");
    }
    StringBuilder out = new StringBuilder(15);
    for (String part : parts) {
      if (part.isEmpty() || !allDigits(part)) {
        throw refusal.refuse(
            "'"
                + Text.quote(part)
                + "' in IPv4 address '"
                + Text.quote(text)
                + "' is not a decimal number",
            "four numbers 0-255");
      }
      int value = smallDecimal(part);
      if (value < 0 || value > 255) {
        throw refusal.refuse(
            "octet "
                + Text.quote(part)
                + " of IPv4 address '"
                + Text.quote(text)
                + "' is out of range 0-255");
      }
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(value);
    }
    return out.toString();
  }

  /**
   * Normalises the text of an IPv6 literal (without brackets) to the RFC 5952 §4 form: lower-case
   * hex, leading zeros dropped, the longest run of two or more zero groups (the first on a tie)
   * written as {@code ::}. An embedded dotted-quad IPv4 tail is accepted on input and written in
   * hex on output: the §5 mixed notation depends on a list of "known IPv4-carrying" prefixes, and
   * one rule for every address keeps one form per address (as the WHATWG serialiser does).
   */
  static String ipv6(String text, Refusal refusal) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.indexOf('%') >= 0) {
      throw refusal.refuse(
          "IPv6 address '"
              + Text.quote(text)
              + "' has a zone id ('%'); zone ids only mean something on the machine that wrote"
              + " them");
    }
    int gap = lower.indexOf("::");
    if (gap >= 0 && lower.indexOf("::", gap + 1) >= 0) {
      throw refusal.refuse("IPv6 address '" + Text.quote(text) + "' has more than one '::'");
    }
    int[] head = new int[8];
    int[] tail = new int[8];
    int headCount;
    int tailCount = 0;
    if (gap < 0) {
      headCount = groups(lower, true, head, text, refusal);
      if (headCount != 8) {
        throw refusal.refuse(
            "IPv6 address '" + Text.quote(text) + "' has " + headCount + " groups",
            "8, or fewer with '::'");
      }
    } else {
      headCount = groups(lower.substring(0, gap), false, head, text, refusal);
      tailCount = groups(lower.substring(gap + 2), true, tail, text, refusal);
      if (headCount + tailCount > 7) {
        throw refusal.refuse(
            "IPv6 address '"
                + Text.quote(text)
                + "' has "
                + (headCount + tailCount)
                + " groups besides '::'",
            "at most 7");
      }
    }
    int[] address = new int[8];
    System.arraycopy(head, 0, address, 0, headCount);
    System.arraycopy(tail, 0, address, 8 - tailCount, tailCount);
    return formatIpv6(address);
  }

  /**
   * Parses colon-separated groups into {@code out}; returns how many 16-bit groups were written (an
   * IPv4 tail counts two). An empty string has no groups.
   */
  private static int groups(
      String part, boolean ipv4TailAllowed, int[] out, String text, Refusal refusal) {
    if (part.isEmpty()) {
      return 0;
    }
    String[] pieces = part.split(":", -1);
    int count = 0;
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      boolean last = i == pieces.length - 1;
      if (count >= 8) {
        throw refusal.refuse("IPv6 address '" + Text.quote(text) + "' has more than 8 groups");
      }
      if (last && ipv4TailAllowed && piece.indexOf('.') >= 0) {
        if (count > 6) {
          throw refusal.refuse(
              "IPv6 address '" + Text.quote(text) + "' has no room for its IPv4 tail");
        }
        String[] octets = ipv4(piece, refusal).split("\\.");
        out[count++] = Integer.parseInt(octets[0]) << 8 | Integer.parseInt(octets[1]);
        out[count++] = Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3]);
        continue;
      }
      if (piece.isEmpty() || piece.length() > 4 || !allHex(piece)) {
        throw refusal.refuse(
            "group '"
                + Text.quote(piece)
                + "' of IPv6 address '"
                + Text.quote(text)
                + "' is not 1-4 hex digits");
      }
      out[count++] = Integer.parseInt(piece, 16);
    }
    return count;
  }

  private static String formatIpv6(int[] address) {
    int bestStart = -1;
    int bestLength = 1; // a single zero group is never compressed (RFC 5952 §4.2.2)
    for (int i = 0; i < 8; ) {
      if (address[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && address[i] == 0) {
        i++;
      }
      if (i - start > bestLength) { // strictly longer: the first run wins a tie (§4.2.3)
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      appendHex(out, address[i]);
    }
    return out.toString();
  }

  private static void appendHex(StringBuilder out, int group) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int digit = (group >>> shift) & 0xF;
      if (digit != 0 || started || shift == 0) {
        out.append(HEX[digit]);
        started = true;
      }
    }
  }

  private static void checkAsciiCharacters(String host, String original, Refusal refusal) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c < 0x80 && !(isLetterOrDigit(c) || c == '-' || c == '.')) {
        throw refusal.refuse(
            "character '"
                + Text.quote(String.valueOf(c))
                + "' is not allowed in host '"
                + Text.quote(original)
                + "'",
            "letters, digits, '-' and '.'");
      }
    }
  }

  private static void checkLabelsNotEmpty(String host, String original, Refusal refusal) {
    if (host.startsWith(".") || host.contains("..")) {
      throw refusal.refuse(
          "host '"
              + Text.quote(original)
              + "' has an empty label (a leading dot or consecutive dots)",
          "labels of 1-63 characters");
    }
  }

  /** Trailing dots name the DNS root; "example.com." and "example.com" are the same host. */
  private static String stripTrailingDots(String host) {
    int end = host.length();
    while (end > 0 && host.charAt(end - 1) == '.') {
      end--;
    }
    return host.substring(0, end);
  }

  /** Value of a string of ASCII digits, or -1 when it exceeds 99999 (no overflow, no exception). */
  static int smallDecimal(String digits) {
    int value = 0;
    for (int i = 0; i < digits.length(); i++) {
      value = value * 10 + (digits.charAt(i) - '0');
      if (value > 99_999) {
        return -1;
      }
    }
    return value;
  }

  static boolean allDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isDigit(c) || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  // ASCII only on purpose: Character.isDigit accepts other scripts' digits.
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetterOrDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
