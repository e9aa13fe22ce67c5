package org.lantern.server.compat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lantern.server.http.ApiException;
import org.lantern.server.http.Call;

/**
 * The one file of a {@code multipart/form-data} upload, with its field name: HMA names the field
 * after the content type ({@code photo}, {@code video}) and takes exactly one file per request.
 *
 * @param field the form field's name
 * @param bytes the file's content
 *     <p>Thread-safety: immutable (the array is not copied; callers do not change it).
 */
record FormFile(String field, byte[] bytes) {
  private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"");

  /** The request's only file part. @throws ApiException 400/413/415 as HMA refuses such uploads */
  static FormFile read(Call call) {
    String type = call.contentType();
    if (type == null || !type.equals("multipart/form-data")) {
      throw ApiException.badRequest(
          "missing_file", "body", "Missing multipart/form-data file upload (send the image in a form field named photo)");
    }
    String boundary = boundary(call.contentTypeHeader());
    byte[] body = call.body(call.limits().maxImageBytes());
    byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    byte[] first = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int opening = indexOf(body, first, 0);
    int afterDelimiter = opening < 0 ? -1 : opening + first.length;
    FormFile found = null;
    while (afterDelimiter >= 0) {
      if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
        break; // the closing delimiter
      }
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), afterDelimiter);
      if (headersEnd < 0) {
        break;
      }
      String headers = new String(body, afterDelimiter, headersEnd - afterDelimiter, StandardCharsets.ISO_8859_1);
      int start = headersEnd + 4;
      int end = indexOf(body, delimiter, start);
      if (end < 0) {
        break;
      }
      if (headers.toLowerCase(Locale.ROOT).contains("filename=")) {
        if (found != null) {
          throw ApiException.badRequest("too_many_files", "body", "Only one file allowed per request");
        }
        found = new FormFile(fieldName(headers), Arrays.copyOfRange(body, start, end));
      }
      afterDelimiter = end + delimiter.length;
    }
    if (found == null) {
      throw ApiException.badRequest("missing_file", "body", "Missing multipart/form-data file upload (no complete part with a filename)");
    }
    return found;
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

  private static String boundary(String contentType) {
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
