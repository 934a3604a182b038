package io.github.swarmdeploy.core.compose;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The order in which gopkg.in/yaml.v3 (what {@code docker stack config} prints with) writes the keys of a
 * mapping: not plain string order but a "natural" one. Letters compare by code point; where a letter meets a
 * non-letter, the letter goes first unless the preceding character was a digit; runs of digits compare by
 * their numeric value ({@code node2} before {@code node10}); else code points, and a prefix first. So
 * {@code PG_DATA} comes before {@code PGPASSFILE}, which plain string order would not do.
 */
final class YamlKeyOrder implements Comparator<String> {

    static final YamlKeyOrder INSTANCE = new YamlKeyOrder();

    private YamlKeyOrder() {
    }

    /** A copy of a mapping whose iteration order is yaml.v3's. */
    static <V> Map<String, V> sorted(Map<String, V> map) {
        Map<String, V> sorted = new LinkedHashMap<>();
        map.entrySet().stream().sorted(Map.Entry.comparingByKey(INSTANCE)).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    @Override
    public int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (less(a, b)) {
            return -1;
        }
        if (less(b, a)) {
            return 1;
        }
        // yaml.v3's relation calls such keys equal; keep them apart in a stable way
        return a.compareTo(b);
    }

    /** yaml.v3 sorter.go keyList.Less for two string keys. */
    static boolean less(String a, String b) {
        int[] ar = a.codePoints().toArray();
        int[] br = b.codePoints().toArray();
        boolean digits = false;
        for (int i = 0; i < ar.length && i < br.length; i++) {
            if (ar[i] == br[i]) {
                digits = Character.isDigit(ar[i]);
                continue;
            }
            boolean al = Character.isLetter(ar[i]);
            boolean bl = Character.isLetter(br[i]);
            if (al && bl) {
                return ar[i] < br[i];
            }
            if (al || bl) {
                return digits ? al : bl;
            }
            long an = 0;
            long bn = 0;
            if (ar[i] == '0' || br[i] == '0') {
                for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
                    if (ar[j] != '0') {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai = i;
            for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) {
                an = an * 10 + (ar[ai] - '0');
            }
            int bi = i;
            for (; bi < br.length && Character.isDigit(br[bi]); bi++) {
                bn = bn * 10 + (br[bi] - '0');
            }
            if (an != bn) {
                return an < bn;
            }
            if (ai != bi) {
                return ai < bi;
            }
            return ar[i] < br[i];
        }
        return ar.length < br.length;
    }
}
