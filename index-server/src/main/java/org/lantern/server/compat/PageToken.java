package org.lantern.server.compat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.lantern.core.exchange.ModifiedPage;
import org.lantern.core.signal.SignalIds;
import org.lantern.server.http.ApiException;

/**
 * {@code nextPageToken}: where a page stopped in the caller's time-ordered view, as URL-safe
 * base64 of {@code v1:<epoch ms>:<signal id>}. It names only a signal the caller was shown (or
 * may see), so it carries nothing the caller could not know; a forged token just starts the
 * view elsewhere, still filtered for the caller.
 *
 * <p>Thread-safety: stateless.
 */
final class PageToken {
  private static final String VERSION = "v1:";

  private PageToken() {}

  static String encode(ModifiedPage.Position position) {
    String text = VERSION + position.millis() + ":" + position.id();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** @throws ApiException 400 naming {@code nextPageToken} when the token is not one of ours */
  static ModifiedPage.Position decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
      if (text.startsWith(VERSION)) {
        int colon = text.indexOf(':', VERSION.length());
        long millis = Long.parseLong(text.substring(VERSION.length(), colon));
        String id = text.substring(colon + 1);
        SignalIds.decode(id); // checks the form
        if (millis >= 0 && id.length() == SignalIds.LENGTH) {
          return new ModifiedPage.Position(millis, id);
        }
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw ApiException.badRequest(
        "invalid_page_token", "nextPageToken", "nextPageToken is not a token this feed gave out: send the one from the previous page, or none");
  }
}
