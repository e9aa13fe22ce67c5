package org.lantern.server.compat;

import java.util.ArrayList;
import java.util.List;
import org.lantern.server.http.Route;

/**
 * The routes of the compatibility doors, under the configured prefixes: HMA 2.0's matching API
 * ({@link HmaRoutes}) and the StopNCII-shaped feed ({@link StopNciiFeed}).
 *
 * <p>Thread-safety: stateless.
 */
public final class CompatRoutes {
  private CompatRoutes() {}

  /** The routes {@code config} enables. */
  public static List<Route> routes(CompatConfig config) {
    List<Route> all = new ArrayList<>();
    if (config.hmaPrefix() != null) {
      all.addAll(HmaRoutes.routes(config.hmaPrefix(), config.pdqThreshold()));
    }
    if (config.stopnciiPrefix() != null) {
      all.addAll(StopNciiFeed.routes(config.stopnciiPrefix(), config.videoCategory()));
    }
    return List.copyOf(all);
  }
}
