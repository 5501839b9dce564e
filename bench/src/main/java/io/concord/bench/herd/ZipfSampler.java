package io.concord.bench.herd;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Samples ranks 0..n-1 with Zipf popularity (rank k has weight {@code 1 / (k + 1)^s}) from a precomputed CDF.
 * Deterministic for a seed. Not thread safe.
 */
final class ZipfSampler
{
    private final double[] cdf;
    private final SplittableRandom random;

    ZipfSampler(final int n, final double exponent, final long seed)
    {
        cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++)
        {
            cdf[k] /= sum;
        }
        random = new SplittableRandom(seed);
    }

    int next()
    {
        final int index = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, index >= 0 ? index : -index - 1);
    }
}
