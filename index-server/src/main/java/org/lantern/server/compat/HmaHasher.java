package org.lantern.server.compat;

import java.awt.image.BufferedImage;
import org.lantern.core.hashing.ImageDecodeException;
import org.lantern.core.hashing.ImageDecoder;
import org.lantern.core.hashing.PdqHash;
import org.lantern.core.hashing.PdqHasher;
import org.lantern.server.http.ApiException;
import org.lantern.server.http.Call;

/**
 * HMA's {@code /h/hash}: the PDQ hash of an uploaded photo, {@code {"pdq": "<hex>"}}. As HMA's
 * {@code PdqSignal.hash_from_bytes}, a photo whose PDQ quality is below 50 hashes to {@code ""}.
 * Hashing a URL would need an outbound fetch, which this exchange never makes; videos have no
 * Lantern signal type yet. Both are refused with a 400 that says so.
 *
 * <p>Thread-safety: stateless.
 */
final class HmaHasher {
  /** HMA's {@code PdqSignal.QUALITY_THRESHOLD}. */
  static final int MIN_QUALITY = PdqHash.USABLE_QUALITY;

  private HmaHasher() {}

  /** {@code GET /h/hash?url=}: refused. */
  static void hashUrl(Call call) {
    call.exchange().oversight().recordOperation(call.caller(), "hash_url", "refused: no outbound fetches");
    throw ApiException.badRequest(
        "no_outbound_fetch", "url",
        "this exchange does not fetch URLs (no outbound requests): POST the file to this path as multipart/form-data"
            + " in a field named photo");
  }

  /** {@code POST /h/hash} with the file in form field {@code photo}. */
  static void hashUpload(Call call) throws Exception {
    String hex;
    try {
      hex = pdqOf(call, FormFile.read(call));
    } catch (ApiException e) {
      call.exchange().oversight().recordOperation(call.caller(), "hash_image", "refused: " + e.code());
      throw e;
    }
    call.exchange().oversight().recordOperation(call.caller(), "hash_image", "pdq");
    call.ok(json -> {
      json.writeStartObject();
      json.writeStringField(HmaSignalType.PDQ.hmaName, hex);
      json.writeEndObject();
    });
  }

  /** The PDQ hex of an uploaded photo, or "" below {@link #MIN_QUALITY}. */
  static String pdqOf(Call call, FormFile file) {
    switch (file.field()) {
      case "photo" -> {}
      case "video" -> throw ApiException.badRequest(
          "unsupported_content_type", "video", "video hashing is not available: Lantern has no video signal types yet (send photos)");
      default -> throw ApiException.badRequest(
          "unsupported_content_type", file.field(), "no such content_type: '" + HmaMatcher.clip(file.field()) + "' (this exchange hashes photo)");
    }
    BufferedImage image;
    try {
      image = new ImageDecoder(call.limits().maxImagePixels()).decode(file.bytes(), "upload");
    } catch (ImageDecodeException e) {
      throw ApiException.badRequest("invalid_image", "photo", e.getMessage());
    }
    PdqHash pdq = PdqHasher.INSTANCE.hash(image);
    return pdq.quality() < MIN_QUALITY ? "" : pdq.hash().toHex();
  }
}
