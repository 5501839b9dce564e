package io.concord.bench.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A small line chart rendered as inline SVG (no scripts, no fonts beyond the browser's sans-serif): linear y axis,
 * linear or "percentile" x axis (x given as {@code 1 / (1 - p)} on a log scale, as HdrHistogram plots do), one
 * polyline per series with a legend. Built and rendered by one thread.
 */
final class SvgChart
{
    private static final String[] COLORS = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b" };
    private static final int WIDTH = 760;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean percentileX;
    private final List<String> names = new ArrayList<>();
    private final List<double[][]> series = new ArrayList<>();

    /**
     * @param title       chart title.
     * @param xLabel      x axis label.
     * @param yLabel      y axis label.
     * @param percentileX x values are percentiles (0..100), drawn on a log {@code 1/(1-p)} scale.
     */
    SvgChart(final String title, final String xLabel, final String yLabel, final boolean percentileX)
    {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.percentileX = percentileX;
    }

    /**
     * @param name   legend text.
     * @param points {@code [x, y]} pairs, x ascending; NaN y values are skipped.
     * @return this.
     */
    SvgChart add(final String name, final double[][] points)
    {
        names.add(name);
        series.add(points);
        return this;
    }

    private double xOf(final double x)
    {
        return percentileX ? Math.log10(1.0 / Math.max(1e-7, 1.0 - Math.min(x, 99.99999) / 100.0)) : x;
    }

    String render()
    {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (final double[][] points : series)
        {
            for (final double[] point : points)
            {
                if (Double.isNaN(point[1]))
                {
                    continue;
                }
                minX = Math.min(minX, xOf(point[0]));
                maxX = Math.max(maxX, xOf(point[0]));
                maxY = Math.max(maxY, point[1]);
            }
        }
        if (minX > maxX)
        {
            minX = 0;
            maxX = 1;
        }
        if (maxX == minX)
        {
            maxX = minX + 1;
        }
        maxY = niceCeiling(maxY);
        final double x0 = minX;
        final double x1 = maxX;
        final double y1 = maxY;
        final int plotW = WIDTH - LEFT - RIGHT;
        final int plotH = HEIGHT - TOP - BOTTOM;
        final DoubleFunction<Double> px = (x) -> LEFT + (xOf(x) - x0) / (x1 - x0) * plotW;
        final DoubleFunction<Double> py = (y) -> TOP + plotH - y / y1 * plotH;

        final StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" " +
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s" +
            "</text>%n", LEFT, escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" " +
            "stroke=\"#999\"/>%n", LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= 5; i++)
        {
            final double y = y1 * i / 5;
            final double at = py.apply(y);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" " +
                "stroke=\"#eee\"/>" +
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, LEFT + plotW, at, at, LEFT - 5,
                at + 4, format(y)));
        }
        if (percentileX)
        {
            for (final double p : new double[]{ 0, 50, 90, 99, 99.9, 99.99, 99.999 })
            {
                final double xv = xOf(p);
                if (xv < x0 || xv > x1)
                {
                    continue;
                }
                final double at = px.apply(p);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" " +
                    "stroke=\"#eee\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%%</text>%n", at, at, TOP,
                    TOP + plotH, at, TOP + plotH + 15, format(p)));
            }
        }
        else
        {
            for (int i = 0; i <= 6; i++)
            {
                final double x = x0 + (x1 - x0) * i / 6;
                final double at = LEFT + (double)plotW * i / 6;
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    at, TOP + plotH + 15, format(x)));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
            LEFT + plotW / 2, HEIGHT - 12, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" " +
            "transform=\"rotate(-90 14 %d)\">%s</text>%n", TOP + plotH / 2, TOP + plotH / 2, escape(yLabel)));
        for (int s = 0; s < series.size(); s++)
        {
            final String color = COLORS[s % COLORS.length];
            final StringBuilder path = new StringBuilder();
            for (final double[] point : series.get(s))
            {
                if (!Double.isNaN(point[1]))
                {
                    path.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.apply(point[0]), py.apply(point[1])));
                }
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" " +
                "points=\"%s\"/>%n", color, path.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>" +
                "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + 10, TOP + 12 + s * 15, color, LEFT + 26,
                TOP + 16 + s * 15, escape(names.get(s))));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double niceCeiling(final double value)
    {
        if (value <= 0)
        {
            return 1;
        }
        final double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (final double step : new double[]{ 1, 2, 2.5, 5, 10 })
        {
            if (value <= step * magnitude)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(final double value)
    {
        if (value == Math.rint(value) && Math.abs(value) < 1e9)
        {
            return Long.toString((long)value);
        }
        return String.format(Locale.ROOT, Math.abs(value) < 10 ? "%.3g" : "%.1f", value);
    }

    static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
