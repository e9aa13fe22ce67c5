package org.lantern.server.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little of RFC 7578 ({@code multipart/form-data}) the upload routes need: the boundary from
 * the Content-Type header, and the complete parts of a body already read within its size limit.
 * Each route then picks its file ({@code /v1/match/image}: the part named {@code image}, else the
 * first with a filename; HMA's routes: the only part with a filename).
 *
 * <p>Thread-safety: stateless.
 */
public final class MultipartForm {
  private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"");

  /**
   * One part of a form.
   *
   * @param name the form field's name ("" when the part names none)
   * @param file whether the part carries a filename (an uploaded file)
   * @param bytes the part's content (not copied again; callers do not change it)
   */
  public record Part(String name, boolean file, byte[] bytes) {}

  private MultipartForm() {}

  /** The {@code boundary} parameter of a multipart Content-Type. @throws ApiException 400 if none */
  public static String boundary(String contentType) {
    if (contentType != null) {
      for (String param : contentType.split(";")) {
        String p = param.strip();
        if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
          String b = p.substring("boundary=".length());
          if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
            b = b.substring(1, b.length() - 1);
          }
          if (!b.isEmpty() && b.length() <= 70) {
            return b;
          }
        }
      }
    }
    throw ApiException.badRequest("invalid_multipart", "content-type", "multipart/form-data needs a boundary parameter (1-70 characters)");
  }

  /** Every complete part of {@code body}, in order; an incomplete tail is ignored. */
  public static List<Part> parts(byte[] body, String boundary) {
    byte[] first = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    byte[] headerEnd = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int opening = indexOf(body, first, 0);
    int after = opening < 0 ? -1 : opening + first.length;
    while (after >= 0) {
      if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
        break; // the closing delimiter
      }
      int headersEnd = indexOf(body, headerEnd, after);
      if (headersEnd < 0) {
        break;
      }
      String headers = new String(body, after, headersEnd - after, StandardCharsets.ISO_8859_1);
      int start = headersEnd + headerEnd.length;
      int end = indexOf(body, delimiter, start);
      if (end < 0) {
        break;
      }
      parts.add(new Part(fieldName(headers), headers.toLowerCase(Locale.ROOT).contains("filename="),
          Arrays.copyOfRange(body, start, end)));
      after = end + delimiter.length;
    }
    return parts;
  }

  private static String fieldName(String headers) {
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
        Matcher m = NAME.matcher(line.substring(line.indexOf(':') + 1));
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    return "";
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
