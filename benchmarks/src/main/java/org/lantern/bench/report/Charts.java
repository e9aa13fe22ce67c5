package org.lantern.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's PNG plots (JFreeChart): line charts with optional log axes (latency against n or
 * radius, one series per index) and bar charts (the peer comparison). Headless: no display needed.
 *
 * <p>Thread-safety: stateless; each call builds and writes its own chart.
 */
public final class Charts {
  /** Size of every plot, pixels. */
  public static final int WIDTH = 960;

  public static final int HEIGHT = 600;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /**
   * A line chart: one series per map entry, each an array of {x, y} points (sorted by x here).
   * On a log axis, points with a non-positive coordinate are left out (they cannot be drawn).
   */
  public static void lineChart(Path png, String title, String xLabel, String yLabel,
      Map<String, List<double[]>> series, boolean logX, boolean logY) throws IOException {
    XYSeriesCollection dataset = new XYSeriesCollection();
    for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
      XYSeries s = new XYSeries(entry.getKey(), true, false);
      for (double[] point : entry.getValue()) {
        if ((!logX || point[0] > 0) && (!logY || point[1] > 0)) {
          s.add(point[0], point[1]);
        }
      }
      dataset.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, dataset,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    if (logX) {
      plot.setDomainAxis(logAxis(xLabel));
    } else {
      ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
    }
    if (logY) {
      plot.setRangeAxis(logAxis(yLabel));
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < dataset.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2.5f));
    }
    plot.setRenderer(renderer);
    style(chart);
    write(png, chart);
  }

  /** A vertical bar chart of {@code values}, one bar per label, value axis optionally log. */
  public static void barChart(Path png, String title, String valueLabel, List<String> labels,
      double[] values, boolean logY) throws IOException {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    for (int i = 0; i < labels.size(); i++) {
      dataset.addValue(values[i], valueLabel, labels.get(i));
    }
    JFreeChart chart = ChartFactory.createBarChart(title, null, valueLabel, dataset,
        PlotOrientation.VERTICAL, false, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, new Color(0x2F6FAD));
    if (logY) {
      // Bars start at the base; on a log axis it must be positive and below every value.
      double min = java.util.Arrays.stream(values).filter(v -> v > 0).min().orElse(1);
      renderer.setBase(Math.pow(10, Math.floor(Math.log10(min))));
      renderer.setIncludeBaseInRange(true);
      plot.setRangeAxis(logAxis(valueLabel));
    }
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    plot.getDomainAxis().setMaximumCategoryLabelLines(3);
    style(chart);
    write(png, chart);
  }

  /**
   * A base-10 log axis with one labelled tick per decade, printed as plain numbers (1, 10, 100,
   * 1,000) rather than JFreeChart's default of exponents in steps of 0.2 ("10^2.4").
   */
  private static LogAxis logAxis(String label) {
    LogAxis axis = new LogAxis(label);
    axis.setBase(10);
    axis.setSmallestValue(1e-3);
    axis.setTickUnit(new NumberTickUnit(1.0));
    axis.setMinorTickCount(9);
    axis.setMinorTickMarksVisible(true);
    axis.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    return axis;
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(Color.WHITE);
    if (chart.getPlot() instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
      xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
    } else if (chart.getPlot() instanceof CategoryPlot category) {
      category.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }
  }

  private static void write(Path png, JFreeChart chart) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }
}
