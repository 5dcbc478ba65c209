package dev.llmpool.router.policy.prescore;

import java.util.Arrays;
import java.util.Comparator;

/** The area under the ROC curve: the chance a random positive scores above a random negative (ties count half). */
public final class Auc {

    private Auc() {
    }

    /** NaN when either class is absent. */
    public static double of(double[] scores, boolean[] labels) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0; // mean of ranks i+1..j
            for (int k = i; k < j; k++) {
                if (labels[order[k]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
