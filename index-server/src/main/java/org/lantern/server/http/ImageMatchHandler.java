package org.lantern.server.http;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.Matches;
import org.lantern.core.exchange.SignalMatch;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;
import org.lantern.core.hashing.Dihedral;
import org.lantern.core.hashing.ImageDecodeException;
import org.lantern.core.hashing.ImageDecoder;
import org.lantern.core.hashing.ImageHasher;
import org.lantern.core.hashing.PdqDihedralHashes;
import org.lantern.core.hashing.PdqHash;
import org.lantern.core.hashing.PdqHasher;
import org.lantern.core.signal.SignalType;
import org.lantern.server.json.SignalJson;

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
    SignalType signalType = SignalType.of(type);
    Exchange exchange = call.exchange();
    HashType hashType = type;
    ImageHashes hashed;
    try { // the permit covers the decode and the hashing, which holds the pixels too
      hashed = call.context().work().run(() -> hashImage(call, image, work, hashType, dihedral));
    } finally {
      decodes.release();
    }
    Hash hash = hashed.hash();
    int quality = hashed.quality();
    PdqDihedralHashes variants = hashed.variants();
    Map<String, Dihedral> transforms = null;
    List<SignalMatch> matches;
    int suppressed = 0; // allow-listed matches left out (for dihedral: the most for one variant)
    if (variants != null) {
      // Nearest per signal across the 8 variants; the transform that reached it is reported.
      Map<String, SignalMatch> best = new LinkedHashMap<>();
      transforms = new LinkedHashMap<>();
      for (Dihedral d : Dihedral.values()) {
        Matches found = exchange.matchHash(call.caller(), signalType, variants.get(d), maxDistance, limit);
        suppressed = Math.max(suppressed, found.suppressed());
        for (SignalMatch m : found.matches()) {
          SignalMatch seen = best.get(m.signal().id());
          if (seen == null || m.distance() < seen.distance()) {
            best.put(m.signal().id(), m);
            transforms.put(m.signal().id(), d);
          }
        }
      }
      matches = new ArrayList<>(best.values());
      matches.sort(Comparator.comparingInt(SignalMatch::distance).thenComparing(m -> m.signal().id()));
      if (matches.size() > limit) {
        matches = matches.subList(0, limit);
      }
    } else {
      Matches found = exchange.matchHash(call.caller(), signalType, hash, maxDistance, limit);
      matches = found.matches();
      suppressed = found.suppressed();
    }
    call.metrics().matches(signalType.label(), matches.size());

    final int q = quality;
    final int hidden = suppressed;
    final List<SignalMatch> found = matches;
    final Map<String, Dihedral> how = transforms;
    final PdqDihedralHashes all = variants;
    call.ok(json -> {
      json.writeStartObject();
      json.writeStringField("type", signalType.label());
      json.writeStringField("hash", hash.toHex());
      if (q >= 0) {
        json.writeNumberField("quality", q);
      }
      if (all != null) {
        json.writeArrayFieldStart("dihedral_hashes");
        for (Dihedral d : Dihedral.values()) {
          json.writeStartObject();
          json.writeStringField("transform", d.label());
          json.writeStringField("hash", all.get(d).toHex());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      json.writeArrayFieldStart("matches");
      for (SignalMatch m : found) {
        SignalJson.writeMatch(json, m, how == null ? null : how.get(m.signal().id()).label());
      }
      json.writeEndArray();
      json.writeNumberField("suppressed", hidden);
      json.writeStringField("note", Exchange.LEAD_NOTE);
      json.writeEndObject();
    });
  }

  /** What hashing an upload gives: the hash, PDQ's quality (-1 for others), the 8 variants if asked. */
  private record ImageHashes(Hash hash, int quality, PdqDihedralHashes variants) {}

  /** Decodes and hashes (on the work pool); charges the pixels decoded to the caller's budget. */
  private static ImageHashes hashImage(Call call, byte[] image, WorkLimits work, HashType type, boolean dihedral) {
    BufferedImage decoded;
    try {
      decoded = new ImageDecoder(call.limits().maxImagePixels(), work.maxDecodedBytes(), work.subsampleAboveSide())
          .decode(image, "upload");
    } catch (ImageDecodeException e) {
      boolean tooLarge = e.getMessage() != null && e.getMessage().contains("above the limit");
      throw ApiException.badRequest(tooLarge ? "image_too_large" : "invalid_image", "body", e.getMessage());
    }
    call.charge((long) decoded.getWidth() * decoded.getHeight() / work.pixelsPerUnit());
    if (type == HashType.PDQ) {
      if (dihedral) {
        PdqDihedralHashes variants = PdqHasher.INSTANCE.hashDihedral(decoded);
        return new ImageHashes(variants.get(Dihedral.ORIGINAL), variants.quality(), variants);
      }
      PdqHash pdq = PdqHasher.INSTANCE.hash(decoded);
      return new ImageHashes(pdq.hash(), pdq.quality(), null);
    }
    return new ImageHashes(ImageHasher.forType(type).hashBits(decoded), -1, null);
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
      return Multipart.filePart(body, Multipart.boundary(call.contentTypeHeader()));
    }
    throw ApiException.unsupportedMediaType(
        "expected an image (image/*, application/octet-stream) or multipart/form-data, got " + Call.clip(type));
  }

  /**
   * The little of RFC 7578 needed to take one file out of a form: the part named {@code image},
   * else the first part with a filename, else the first part.
   */
  static final class Multipart {
    private Multipart() {}

    static String boundary(String contentType) {
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

    static byte[] filePart(byte[] body, String boundary) {
      byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
      byte[] chosen = null;
      boolean chosenNamed = false;
      boolean chosenFile = false;
      int at = indexOf(body, delimiter, 0);
      while (at >= 0) {
        int lineEnd = at + delimiter.length;
        if (lineEnd + 1 < body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
          break; // closing delimiter
        }
        int headersStart = indexOf(body, "\r\n".getBytes(StandardCharsets.ISO_8859_1), lineEnd);
        int headersEnd = headersStart < 0 ? -1 : indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
        if (headersEnd < 0) {
          break;
        }
        String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int contentStart = headersEnd + 4;
        int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), contentStart);
        if (next < 0) {
          break;
        }
        boolean named = headers.contains("name=\"image\"");
        boolean file = headers.contains("filename=");
        if (chosen == null || (named && !chosenNamed) || (file && !chosenFile && !chosenNamed)) {
          chosen = java.util.Arrays.copyOfRange(body, contentStart, next);
          chosenNamed = named;
          chosenFile = file;
        }
        at = next + 2;
      }
      if (chosen == null) {
        throw ApiException.badRequest("invalid_multipart", "body", "no complete part found in the multipart body (boundary '" + Call.clip(boundary) + "')");
      }
      return chosen;
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
}
