package io.tributary.pipeline;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** Finds the valid key a misspelt key was meant to be, for "did you mean" hints. */
final class KeySuggestion {
    private KeySuggestion() {}

    /**
     * The sentence to append to an unknown-key message: {@code Did you mean 'x'?} when a valid
     * key is close, otherwise the list of valid keys.
     *
     * @param prefixes key prefixes the block also accepts (e.g. {@code debezium.})
     */
    static String hint(String key, Collection<String> validKeys, Collection<String> prefixes) {
        Collection<String> candidates = new TreeSet<>(validKeys);
        for (String prefix : prefixes) {
            withPrefix(key, prefix).ifPresent(candidates::add);
        }
        Optional<String> closest = closest(key, candidates);
        if (closest.isPresent()) {
            return "Did you mean '" + closest.get() + "'?";
        }
        StringBuilder hint = new StringBuilder("Valid keys: ").append(String.join(", ", new TreeSet<>(validKeys)));
        for (String prefix : new TreeSet<>(prefixes)) {
            hint.append(", or any key starting with '").append(prefix).append("'");
        }
        return hint.append('.').toString();
    }

    static String hint(String key, Collection<String> validKeys) {
        return hint(key, validKeys, List.of());
    }

    /**
     * The candidate closest to {@code key}, if one is close enough to be a likely misspelling; a
     * key that is the start of exactly one candidate ({@code host} for {@code hostname}) is taken
     * as a shortening of it.
     */
    static Optional<String> closest(String key, Collection<String> candidates) {
        String wanted = key.toLowerCase(Locale.ROOT);
        List<String> lengthened = candidates.stream().filter(candidate -> candidate.toLowerCase(Locale.ROOT).startsWith(wanted)).toList();
        if (wanted.length() >= 3 && lengthened.size() == 1) {
            return Optional.of(lengthened.get(0));
        }
        int limit = Math.max(2, key.length() / 3);
        return candidates.stream()
                .filter(candidate -> distance(wanted, candidate.toLowerCase(Locale.ROOT)) <= limit)
                .min(Comparator.<String>comparingInt(candidate -> distance(wanted, candidate.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /**
     * {@code key} with its first segments replaced by {@code prefix}, so that a misspelt prefix
     * ({@code debezum.snapshot.mode}) can be matched against {@code debezium.snapshot.mode}.
     */
    private static Optional<String> withPrefix(String key, String prefix) {
        int segments = (int) prefix.chars().filter(c -> c == '.').count();
        int cut = -1;
        for (int i = 0; i < segments; i++) {
            cut = key.indexOf('.', cut + 1);
            if (cut < 0) {
                return Optional.empty();
            }
        }
        return cut < 0 ? Optional.empty() : Optional.of(prefix + key.substring(cut + 1));
    }

    /** Edit distance counting insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
