package org.lantern.server.lookup;

import com.fasterxml.jackson.core.JsonGenerator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lantern.core.exchange.Exchange;
import org.lantern.core.exchange.Matches;
import org.lantern.core.exchange.SignalMatch;
import org.lantern.core.hash.Hash;
import org.lantern.core.hash.HashType;
import org.lantern.core.hashing.Dihedral;
import org.lantern.core.hashing.ImageHasher;
import org.lantern.core.hashing.PdqDihedralHashes;
import org.lantern.core.hashing.PdqHash;
import org.lantern.core.hashing.PdqHasher;
import org.lantern.core.participant.Caller;
import org.lantern.core.signal.SignalType;
import org.lantern.server.json.SignalJson;

/**
 * One decoded image looked up in the exchange, the same way through every door ({@code POST
 * /v1/match/image} and {@code lantern match --image}): hashed with the asked type, matched as the
 * caller (so visibility, allow-lists and the audit log apply), and with {@code dihedral} (PDQ) all
 * 8 rotations and mirrors matched, each signal once at its nearest variant, naming that variant.
 *
 * @param hash the hash of the image as it is
 * @param quality PDQ quality, or -1 for other types
 * @param variants the 8 dihedral hashes, or {@code null} without {@code dihedral}
 * @param transforms which variant found each signal id; {@code null} without {@code dihedral}
 * @param suppressed allow-listed matches left out (for dihedral: the most for one variant)
 *
 * <p>Thread-safety: immutable once built.
 */
public record ImageMatch(
    SignalType type,
    Hash hash,
    int quality,
    PdqDihedralHashes variants,
    List<SignalMatch> matches,
    Map<String, Dihedral> transforms,
    int suppressed) {

  /** Hashes {@code image} and matches it as {@code caller}. */
  public static ImageMatch of(
      Exchange exchange, Caller caller, BufferedImage image, HashType type, boolean dihedral, int maxDistance, int limit) {
    if (dihedral && type != HashType.PDQ) {
      throw new IllegalArgumentException("dihedral matching is available for pdq only");
    }
    SignalType signalType = SignalType.of(type);
    if (type != HashType.PDQ) {
      Hash hash = ImageHasher.forType(type).hashBits(image);
      Matches found = exchange.matchHash(caller, signalType, hash, maxDistance, limit);
      return new ImageMatch(signalType, hash, -1, null, found.matches(), null, found.suppressed());
    }
    if (!dihedral) {
      PdqHash pdq = PdqHasher.INSTANCE.hash(image);
      Matches found = exchange.matchHash(caller, signalType, pdq.hash(), maxDistance, limit);
      return new ImageMatch(signalType, pdq.hash(), pdq.quality(), null, found.matches(), null, found.suppressed());
    }
    PdqDihedralHashes variants = PdqHasher.INSTANCE.hashDihedral(image);
    // Nearest per signal across the 8 variants; the transform that reached it is reported.
    Map<String, SignalMatch> best = new LinkedHashMap<>();
    Map<String, Dihedral> transforms = new LinkedHashMap<>();
    int suppressed = 0;
    for (Dihedral d : Dihedral.values()) {
      Matches found = exchange.matchHash(caller, signalType, variants.get(d), maxDistance, limit);
      suppressed = Math.max(suppressed, found.suppressed());
      for (SignalMatch m : found.matches()) {
        SignalMatch seen = best.get(m.signal().id());
        if (seen == null || m.distance() < seen.distance()) {
          best.put(m.signal().id(), m);
          transforms.put(m.signal().id(), d);
        }
      }
    }
    List<SignalMatch> matches = new ArrayList<>(best.values());
    matches.sort(Comparator.comparingInt(SignalMatch::distance).thenComparing(m -> m.signal().id()));
    if (matches.size() > limit) {
      matches = matches.subList(0, limit);
    }
    return new ImageMatch(
        signalType, variants.get(Dihedral.ORIGINAL), variants.quality(), variants, List.copyOf(matches), transforms, suppressed);
  }

  /**
   * The answer's fields ({@code type, hash, quality, dihedral_hashes, matches, suppressed, note}),
   * inside an object the caller opened, so that a door can put its own fields first.
   */
  public void writeFields(JsonGenerator json) throws IOException {
    json.writeStringField("type", type.label());
    json.writeStringField("hash", hash.toHex());
    if (quality >= 0) {
      json.writeNumberField("quality", quality);
    }
    if (variants != null) {
      json.writeArrayFieldStart("dihedral_hashes");
      for (Dihedral d : Dihedral.values()) {
        json.writeStartObject();
        json.writeStringField("transform", d.label());
        json.writeStringField("hash", variants.get(d).toHex());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeArrayFieldStart("matches");
    for (SignalMatch m : matches) {
      SignalJson.writeMatch(json, m, transforms == null ? null : transforms.get(m.signal().id()).label());
    }
    json.writeEndArray();
    json.writeNumberField("suppressed", suppressed);
    json.writeStringField("note", Exchange.LEAD_NOTE);
  }
}
