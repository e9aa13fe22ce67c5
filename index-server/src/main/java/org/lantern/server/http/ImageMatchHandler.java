package org.lantern.server.http;

import java.awt.image.BufferedImage;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.hash.HashType;
import org.lantern.core.hashing.ImageDecodeException;
import org.lantern.core.hashing.ImageDecoder;
import org.lantern.core.signal.SignalType;
import org.lantern.server.lookup.ImageMatch;

/**
 * {@code POST /v1/match/image?type=pdq&max_distance=&limit=&dihedral=}: hashes an uploaded image
 * (the raw bytes as the body, or the first file part of a {@code multipart/form-data} body) and
 * matches the hash. The answer gives the computed hash (and PDQ quality) so that a client can
 * keep it, and with {@code dihedral=true} (PDQ) matches all 8 rotations and mirrors, each match
 * naming the transform that found it.
 *
 * <p>The image is decoded from memory; its header's width x height is checked against {@link
 * ServerLimits#maxImagePixels()} before any pixel is decoded, so a small file claiming a huge
 * image is refused cheaply.
 *
 * <p>Thread-safety: stateless.
 */
final class ImageMatchHandler {
  private ImageMatchHandler() {}

  static void match(Call call) throws Exception {
    String typeLabel = call.query("type");
    HashType type = HashType.PDQ;
    if (typeLabel != null) {
      SignalType st = MatchHandlers.parseType(typeLabel, "type");
      if (st.family() != SignalType.Family.PERCEPTUAL) {
        throw ApiException.badRequest("invalid_type", "type", "type must be pdq, phash or dhash for an image");
      }
      type = st.hashType();
    }
    boolean dihedral = call.queryBool("dihedral", false);
    if (dihedral && type != HashType.PDQ) {
      throw ApiException.badRequest("invalid_parameter", "dihedral", "dihedral matching is available for pdq only");
    }
    int maxDistance = call.queryInt("max_distance", type.defaultMaxDistance(), 0, type.bits());
    int limit = call.queryInt("limit", MatchHandlers.DEFAULT_LIMIT, 1, Exchange.MAX_LIMIT);

    byte[] image = imageBytes(call);
    WorkLimits work = call.limits().work();
    java.util.concurrent.Semaphore decodes = call.context().decodes();
    if (!decodes.tryAcquire()) {
      // A queue of waiting decodes would hold every waiting upload in memory: refuse instead.
      throw ApiException.unavailable("all " + call.context().decodePermits()
          + " image decodes are busy (server.max_concurrent_decodes); retry shortly");
    }
    HashType hashType = type;
    ImageMatch found;
    try { // the permit covers the decode, the hashing and the lookups, which hold the pixels
      found = call.context().work().run(() ->
          ImageMatch.of(call.exchange(), call.caller(), decode(call, image, work), hashType, dihedral, maxDistance, limit));
    } finally {
      decodes.release();
    }
    call.metrics().matches(found.type().label(), found.matches().size());
    call.ok(json -> {
      json.writeStartObject();
      found.writeFields(json);
      json.writeEndObject();
    });
  }

  /** Decodes an upload within the work limits; charges the pixels decoded to the caller's budget. */
  private static BufferedImage decode(Call call, byte[] image, WorkLimits work) {
    BufferedImage decoded;
    try {
      decoded = new ImageDecoder(call.limits().maxImagePixels(), work.maxDecodedBytes(), work.subsampleAboveSide())
          .decode(image, "upload");
    } catch (ImageDecodeException e) {
      boolean tooLarge = e.getMessage() != null && e.getMessage().contains("above the limit");
      throw ApiException.badRequest(tooLarge ? "image_too_large" : "invalid_image", "body", e.getMessage());
    }
    call.charge((long) decoded.getWidth() * decoded.getHeight() / work.pixelsPerUnit());
    return decoded;
  }

  /** The image: the whole body, or the file part of a multipart form. */
  private static byte[] imageBytes(Call call) {
    String type = call.contentType();
    if (type == null) {
      throw ApiException.unsupportedMediaType("send the image with Content-Type image/* or application/octet-stream, or as multipart/form-data");
    }
    byte[] body = call.body(call.limits().maxImageBytes());
    if (type.startsWith("image/") || type.equals("application/octet-stream")) {
      return body;
    }
    if (type.equals("multipart/form-data")) {
      return imagePart(body, MultipartForm.boundary(call.contentTypeHeader()));
    }
    throw ApiException.unsupportedMediaType(
        "expected an image (image/*, application/octet-stream) or multipart/form-data, got " + Call.clip(type));
  }

  /** The part named {@code image}, else the first part with a filename, else the first part. */
  static byte[] imagePart(byte[] body, String boundary) {
    MultipartForm.Part chosen = null;
    for (MultipartForm.Part part : MultipartForm.parts(body, boundary)) {
      if (part.name().equals("image")) {
        return part.bytes();
      }
      if (chosen == null || (part.file() && !chosen.file())) {
        chosen = part;
      }
    }
    if (chosen == null) {
      throw ApiException.badRequest("invalid_multipart", "body", "no complete part found in the multipart body (boundary '" + Call.clip(boundary) + "')");
    }
    return chosen.bytes();
  }
}
