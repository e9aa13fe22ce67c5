package org.lantern.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JMH result (benchmark × parameter set) from JMH's JSON result file ({@code -rf json}): the
 * benchmark's short name, its parameters, and the sample-time percentiles.
 *
 * <p>Thread-safety: immutable.
 *
 * @param benchmark the method, e.g. {@code QueryBenchmark.range}
 * @param params the {@code @Param} values of this result
 * @param unit JMH's score unit, e.g. {@code us/op}
 * @param mean the primary score (the mean for sample time)
 * @param p50 the median, or NaN when the mode has no percentiles
 * @param p99 the 99th percentile, or NaN
 */
public record JmhPoint(String benchmark, Map<String, String> params, String unit, double mean, double p50, double p99) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public JmhPoint {
    params = Map.copyOf(params);
  }

  /** The parameter {@code name}, or {@code fallback} when the benchmark has no such parameter. */
  public String param(String name, String fallback) {
    return params.getOrDefault(name, fallback);
  }

  /**
   * Every result of a JMH JSON file.
   *
   * @throws IllegalArgumentException naming the file when it is not JMH's JSON format
   */
  public static List<JmhPoint> read(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(file + ": expected JMH's JSON result array (-rf json)");
    }
    List<JmhPoint> points = new ArrayList<>();
    int i = 0;
    for (JsonNode result : root) {
      JsonNode metric = result.path("primaryMetric");
      if (!result.hasNonNull("benchmark") || !metric.has("score")) {
        throw new IllegalArgumentException(file + ": result " + i + " has no benchmark or primaryMetric.score");
      }
      String name = result.get("benchmark").asText();
      int dot = name.lastIndexOf('.', name.lastIndexOf('.') - 1);
      Map<String, String> params = new LinkedHashMap<>();
      result.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      JsonNode percentiles = metric.path("scorePercentiles");
      points.add(new JmhPoint(name.substring(dot + 1), params, metric.path("scoreUnit").asText(),
          metric.get("score").asDouble(), percentile(percentiles, "50.0"), percentile(percentiles, "99.0")));
      i++;
    }
    return points;
  }

  private static double percentile(JsonNode percentiles, String key) {
    JsonNode value = percentiles.get(key);
    return value == null || !value.isNumber() ? Double.NaN : value.asDouble();
  }
}
