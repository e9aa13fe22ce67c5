package org.lantern.server.compat;

import org.lantern.core.signal.SignalType;
import org.lantern.server.http.ApiException;

/**
 * The HMA signal types Lantern answers for, by HMA's names: {@code pdq} and {@code video_md5}
 * (python-threatexchange's {@code VideoMD5Signal}: an MD5 of the file bytes, matched exactly;
 * every Lantern {@code md5} signal matches it, video or not).
 *
 * <p>Thread-safety: immutable.
 */
enum HmaSignalType {
  PDQ("pdq", SignalType.PDQ),
  VIDEO_MD5("video_md5", SignalType.MD5);

  final String hmaName;
  final SignalType lantern;

  HmaSignalType(String hmaName, SignalType lantern) {
    this.hmaName = hmaName;
    this.lantern = lantern;
  }

  /** The type HMA calls {@code name}. @throws ApiException 400 as HMA answers an unknown type */
  static HmaSignalType parse(String name, String field) {
    for (HmaSignalType t : values()) {
      if (t.hmaName.equals(name)) {
        return t;
      }
    }
    throw ApiException.badRequest("unknown_signal_type", field, "No such SignalType '" + name + "' (this exchange has pdq and video_md5)");
  }

  /** How HMA writes the distance of a match: the PDQ bit distance, or "-" where there is none. */
  String distance(int bits) {
    return this == PDQ ? Integer.toString(bits) : "-";
  }
}
