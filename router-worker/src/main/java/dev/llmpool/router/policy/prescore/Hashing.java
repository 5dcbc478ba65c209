package dev.llmpool.router.policy.prescore;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;

/**
 * Feature hashing of a prompt: lower-cased word n-grams (1 to {@code wordNgrams}) and character n-grams
 * ({@code charMin} to {@code charMax}, over the text with spacing collapsed) of its first {@code maxChars}
 * characters, each hashed (FNV-1a, 32 bits) into one of {@code dimension} buckets; the bucket values are log(1 +
 * count), scaled to unit length. Pure; the same settings always give the same vector.
 */
public record Hashing(@JsonProperty("dimension") int dimension, @JsonProperty("word_ngrams") int wordNgrams,
                      @JsonProperty("char_min") int charMin, @JsonProperty("char_max") int charMax,
                      @JsonProperty("max_chars") int maxChars) {

    public static final Hashing DEFAULT = new Hashing(1 << 14, 2, 3, 5, 4000);

    public Hashing {
        if (dimension < 1 || wordNgrams < 0 || charMin < 1 || charMax < charMin - 1 || maxChars < 1) {
            throw new IllegalArgumentException("bad hashing settings: dimension " + dimension + ", word_ngrams "
                    + wordNgrams + ", char " + charMin + ".." + charMax + ", max_chars " + maxChars);
        }
    }

    /** A sparse vector: sorted distinct bucket indices and their values. */
    public record Vector(int[] indices, double[] values) {
    }

    /** The prompt's vector: one pass over its grams, their buckets sorted; nothing as large as the dimension. */
    public Vector vector(String prompt) {
        String text = (prompt == null ? "" : prompt.length() > maxChars ? prompt.substring(0, maxChars) : prompt)
                .toLowerCase(Locale.ROOT);
        String[] words = Arrays.stream(text.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty())
                .toArray(String[]::new);
        String flat = " " + String.join(" ", words) + " ";
        int[] buckets = new int[words.length * wordNgrams + flat.length() * Math.max(0, charMax - charMin + 1)];
        int size = 0;
        for (int n = 1; n <= wordNgrams; n++) {
            for (int i = 0; i + n <= words.length; i++) {
                int h = 0x811c9dc5 ^ ('w' + 31 * n);
                for (int k = i; k < i + n; k++) {
                    h = fnv(h, words[k]);
                    h = (h ^ ' ') * 0x01000193;
                }
                buckets[size++] = bucket(h);
            }
        }
        for (int n = charMin; n <= charMax; n++) {
            for (int i = 0; i + n <= flat.length(); i++) {
                int h = 0x811c9dc5 ^ ('c' + 31 * n);
                for (int k = i; k < i + n; k++) {
                    h = (h ^ flat.charAt(k)) * 0x01000193;
                }
                buckets[size++] = bucket(h);
            }
        }
        Arrays.sort(buckets, 0, size);
        int[] indices = new int[size];
        double[] values = new double[size];
        int distinct = 0;
        double norm = 0;
        for (int i = 0; i < size; ) {
            int j = i;
            while (j < size && buckets[j] == buckets[i]) {
                j++;
            }
            double value = Math.log1p(j - i);
            indices[distinct] = buckets[i];
            values[distinct++] = value;
            norm += value * value;
            i = j;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < distinct; i++) {
            values[i] /= norm;
        }
        return new Vector(Arrays.copyOf(indices, distinct), Arrays.copyOf(values, distinct));
    }

    private static int fnv(int h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x01000193;
        }
        return h;
    }

    private int bucket(int hash) {
        return Math.floorMod(hash, dimension);
    }
}
